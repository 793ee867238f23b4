using System.Diagnostics;
using System.Text;
using MeshAgent.Lab;
using MeshAgent.WireGuard.Userspace;

namespace MeshAgent.WireGuard.Tests.Lab;

/// <summary>
/// A lab host seen through WireGuard: our userspace client on its private socket directory (creating
/// devices with wireguard-go inside the host), wg(8) and meshctl running against the same sockets.
/// </summary>
internal sealed class WireGuardLabHost : IDisposable
{
    private WireGuardLabHost(LabHost host, UserspaceWireGuardClient client)
    {
        Host = host;
        Client = client;
    }

    public LabHost Host { get; }

    public UserspaceWireGuardClient Client { get; }

    /// <summary>
    /// Wraps <paramref name="host"/>: writes a wireguard-go wrapper that enters the host's namespace with its
    /// socket directory bound over /run/wireguard, and a client that starts devices through it.
    /// </summary>
    public static WireGuardLabHost Create(LabNetwork lab, LabHost host)
    {
        var wrapper = Path.Combine(lab.Directory, $"wireguard-go-{host.Name}.sh");
        // ip netns exec and both sh -c levels exec, so the client's child pid is wireguard-go's pid.
        File.WriteAllText(wrapper,
            "#!/bin/sh\n"
            + $"exec ip netns exec {host.Namespace} sh -c 'mkdir -p /run/wireguard && mount --bind \"$0\" /run/wireguard && exec wireguard-go \"$@\"' {host.WireGuardRunDirectory} \"$@\"\n");
        File.SetUnixFileMode(wrapper, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var client = new UserspaceWireGuardClient(new UserspaceWireGuardOptions
        {
            RunDirectory = host.WireGuardRunDirectory,
            WireGuardGoPath = wrapper,
            ReadyTimeout = TimeSpan.FromSeconds(30),
        });
        return new WireGuardLabHost(host, client);
    }

    /// <summary>Runs wg(8) inside the host, seeing the host's sockets.</summary>
    public Task<CommandResult> WgAsync(params string[] arguments) =>
        Host.RunAsync("sh", ["-c", "mkdir -p /run/wireguard && mount --bind \"$0\" /run/wireguard && exec wg \"$@\"", Host.WireGuardRunDirectory, .. arguments],
            TimeSpan.FromSeconds(60));

    /// <summary>Runs our meshctl (the built meshctl.dll, or the one <see cref="ProgramsUnderTest"/> names) with MESHCTL_WG_RUN_DIR pointing at the host's sockets.</summary>
    public Task<CommandResult> MeshctlAsync(params string[] arguments) => MeshctlWithInputAsync(null, arguments);

    /// <summary>Runs meshctl with <paramref name="input"/> on its standard input.</summary>
    public async Task<CommandResult> MeshctlWithInputAsync(string? input, params string[] arguments)
    {
        // The JIT build through dotnet, or the programs under test (the NativeAOT meshctl in CI) directly.
        var startInfo = new ProcessStartInfo(ProgramsUnderTest.AreExternal ? ProgramsUnderTest.PathOf("meshctl") : "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        if (!ProgramsUnderTest.AreExternal)
        {
            startInfo.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "meshctl.dll"));
        }

        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        startInfo.Environment["MESHCTL_WG_RUN_DIR"] = Host.WireGuardRunDirectory;
        using var process = Process.Start(startInfo)!;
        await process.StandardInput.WriteAsync(input ?? string.Empty);
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return new CommandResult("meshctl " + string.Join(' ', arguments), process.ExitCode, await stdout, await stderr);
    }

    public void Dispose() => Client.Dispose();
}

/// <summary>Output comparisons that tolerate wireguard-go's varying peer order (a Go map) and nothing else.</summary>
internal static class PeerOrder
{
    /// <summary>The lines sorted: equal for two outputs that differ only in peer order.</summary>
    public static string SortedLines(string text) => string.Join('\n', text.Split('\n').Order(StringComparer.Ordinal));

    /// <summary>The showconf text with its [Peer] blocks sorted.</summary>
    public static string SortedBlocks(string text)
    {
        var blocks = text.TrimEnd('\n').Split("\n\n");
        var builder = new StringBuilder(blocks[0]);
        foreach (var block in blocks.Skip(1).Order(StringComparer.Ordinal))
        {
            builder.Append("\n\n").Append(block);
        }

        return builder.ToString();
    }
}
