using System.Diagnostics;

namespace MeshAgent.Firewall.Nftables;

/// <summary>
/// The real <c>nft</c> program. We drive nft with a generated file rather than libnftables or raw nf_tables
/// netlink: <c>nft -f</c> applies a file as one kernel transaction (all or nothing), nft is present wherever
/// nftables is, and its text is what admins read and what the plan prints.
/// </summary>
/// <param name="program">The program to start: "nft", or a wrapper such as "ip" (then <paramref name="leadingArguments"/> name nft).</param>
/// <param name="leadingArguments">Arguments before nft's own, e.g. <c>netns exec NS nft</c> in the lab.</param>
public sealed class NftProcess(string program = "nft", IReadOnlyList<string>? leadingArguments = null) : INftCommand
{
    /// <inheritdoc />
    public async Task<NftResult> RunAsync(IReadOnlyList<string> arguments, string? standardInput, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        var info = new ProcessStartInfo(program)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in (leadingArguments ?? []).Concat(arguments))
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info) ?? throw new FirewallException($"cannot start {program}");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        if (standardInput is not null)
        {
            await process.StandardInput.WriteAsync(standardInput.AsMemory(), cancellationToken);
        }

        process.StandardInput.Close();
        await process.WaitForExitAsync(cancellationToken);
        return new NftResult(process.ExitCode, await output, await error);
    }
}
