using MeshAgent.Core;
using MeshAgent.Firewall;
using MeshAgent.Firewall.Nftables;
using MeshAgent.Firewall.Rules;

namespace MeshAgent.Daemon.CommandLine;

/// <summary>
/// <c>meshagent cleanup</c>: deletes our nftables table (<c>inet meshagent</c>) and nothing else, whatever the
/// config says (the package's removal calls it when the config may be gone). Exit 0 when nothing of ours is left,
/// also when there was nothing; 1 when nft failed.
/// </summary>
public static class CleanupVerb
{
    /// <summary>Runs the verb; returns the exit code.</summary>
    public static async Task<int> RunAsync(TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        var reconciler = new NftablesReconciler(new NftProcess(), () => new FirewallSpec());
        try
        {
            var removed = await reconciler.CleanupAsync(cancellationToken);
            await output.WriteLineAsync(removed ? "firewall: deleted table inet meshagent" : "firewall: no table inet meshagent");
            return ExitCodes.Ok;
        }
        catch (Exception ex) when (ex is FirewallException or System.ComponentModel.Win32Exception)
        {
            await error.WriteLineAsync("meshagent cleanup: " + ex.Message);
            return ExitCodes.Failure;
        }
    }
}
