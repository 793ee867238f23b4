namespace MeshAgent.Core.Api;

/// <summary>
/// The answer of <c>GET /v1/status</c> on the daemon's local API socket: who this node is, whether it is
/// ready, and what each subsystem's reconciler last did. Times are UTC.
/// </summary>
/// <param name="Node">This node's name (config <c>node.name</c>).</param>
/// <param name="Version">The daemon's version, e.g. "0.1.0".</param>
/// <param name="Commit">The source commit the daemon was built from, or "unknown".</param>
/// <param name="StartedAt">When the daemon process started.</param>
/// <param name="UptimeSeconds">Seconds since <paramref name="StartedAt"/> at the time of the answer.</param>
/// <param name="Ready">Same verdict as <c>/health/ready</c>.</param>
/// <param name="Summary">The one-line state also sent to systemd as STATUS=, e.g. "ready: 3 subsystems converged".</param>
/// <param name="LastReconcile">When the last reconcile pass finished; null before the first one.</param>
/// <param name="Subsystems">One entry per registered reconciler, in reconcile order.</param>
public sealed record NodeStatus(
    string Node,
    string Version,
    string Commit,
    DateTimeOffset StartedAt,
    double UptimeSeconds,
    bool Ready,
    string Summary,
    DateTimeOffset? LastReconcile,
    IReadOnlyList<SubsystemStatus> Subsystems)
{
    /// <summary>The mesh as this node sees it; null when the node has no mesh section.</summary>
    public MeshSummary? Mesh { get; init; }

    /// <summary>The host firewall; null when the node has no firewall section.</summary>
    public FirewallStatus? Firewall { get; init; }

    /// <summary>The NAT port mapping; null when <c>nat.port_mapping</c> is off or there is no mesh.</summary>
    public PortMappingStatus? PortMapping { get; init; }
}
