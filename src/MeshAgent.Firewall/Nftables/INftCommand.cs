namespace MeshAgent.Firewall.Nftables;

/// <summary>Runs the <c>nft</c> program. A seam so the reconciler is tested against a fake.</summary>
public interface INftCommand
{
    /// <summary>Runs <c>nft</c> with <paramref name="arguments"/> and optional standard input; returns exit code and output.</summary>
    Task<NftResult> RunAsync(IReadOnlyList<string> arguments, string? standardInput, CancellationToken cancellationToken);
}

/// <summary>The outcome of one <c>nft</c> run.</summary>
/// <param name="ExitCode">Process exit code; 0 is success.</param>
/// <param name="StandardOutput">What nft printed.</param>
/// <param name="StandardError">nft's error text.</param>
public sealed record NftResult(int ExitCode, string StandardOutput, string StandardError);
