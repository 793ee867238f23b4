using MeshAgent.Core;
using MeshAgent.Core.Configuration;
using MeshAgent.Daemon.Hosting;
using MeshAgent.Firewall;
using MeshAgent.Firewall.Firewalld;
using MeshAgent.Firewall.Nftables;
using MeshAgent.Firewall.Rules;

namespace MeshAgent.Daemon.CommandLine;

/// <summary>
/// <c>meshagent cleanup</c>: deletes our nftables table (<c>inet meshagent</c>) and removes the firewalld runtime
/// settings we added (listed in the state directory's record), and nothing else, whatever the config says (the
/// package's removal calls it when the config may be gone). Exit 0 when nothing of ours is left, also when there
/// was nothing; 1 when nft or firewalld failed.
/// </summary>
public static class CleanupVerb
{
    /// <summary>Runs the verb; returns the exit code.</summary>
    public static async Task<int> RunAsync(TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        var exitCode = ExitCodes.Ok;
        try
        {
            var removed = await new NftablesReconciler(new NftProcess(), () => new FirewallSpec()).CleanupAsync(cancellationToken);
            await output.WriteLineAsync(removed ? "firewall: deleted table inet meshagent" : "firewall: no table inet meshagent");
        }
        catch (Exception ex) when (ex is FirewallException or System.ComponentModel.Win32Exception)
        {
            await error.WriteLineAsync("meshagent cleanup: " + ex.Message);
            exitCode = ExitCodes.Failure;
        }

        var record = new FirewalldRecord(FirewallSubsystem.FirewalldRecordPath(NodeConfig.DefaultStateDirectory));
        if (!File.Exists(record.Path))
        {
            return exitCode;
        }

        try
        {
            using var firewalld = new FirewalldReconciler(
                async ct => await FirewalldDBusClient.ConnectAsync(null, ct), () => new FirewallSpec(), new FirewalldOptions(), record);
            var removed = await firewalld.CleanupAsync(cancellationToken);
            await output.WriteLineAsync(removed ? "firewall: removed our firewalld runtime settings" : "firewall: no firewalld runtime settings of ours");
        }
        catch (FirewallException ex)
        {
            await error.WriteLineAsync("meshagent cleanup: " + ex.Message);
            exitCode = ExitCodes.Failure;
        }

        return exitCode;
    }
}
