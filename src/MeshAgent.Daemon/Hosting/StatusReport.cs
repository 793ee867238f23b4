using System.Diagnostics;
using MeshAgent.Core.Api;
using MeshAgent.Daemon.Diagnostics;
using MeshAgent.Daemon.Reconciliation;

namespace MeshAgent.Daemon.Hosting;

/// <summary>Assembles the <see cref="NodeStatus"/> answer of the local API from the config and the reconcile state. Thread-safe.</summary>
public sealed class StatusReport(ConfigStore config, ReconcileStatus status, BuildInfo build, TimeProvider time, Mesh.MeshView? mesh = null, Firewall.IFirewallReconciler? firewall = null, Nat.PortMappingService? portMapping = null)
{
    private readonly DateTimeOffset _startedAt = new(Process.GetCurrentProcess().StartTime.ToUniversalTime());

    /// <summary>The status as of now.</summary>
    public NodeStatus Create()
    {
        var now = time.GetUtcNow();
        return new NodeStatus(
            config.Current.Node.Name,
            build.Version,
            build.Commit,
            _startedAt,
            Math.Max(0, (now - _startedAt).TotalSeconds),
            status.Readiness().Ready,
            status.Summary(),
            status.LastPass,
            status.Subsystems())
        {
            Mesh = mesh?.Summary(),
            Firewall = firewall is null ? null : FirewallSubsystem.Status(firewall),
            PortMapping = portMapping?.Status(),
        };
    }
}
