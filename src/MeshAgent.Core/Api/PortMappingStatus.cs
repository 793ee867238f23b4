namespace MeshAgent.Core.Api;

/// <summary>The port mapping of this node's WireGuard port on its NAT gateway, as the daemon reports it.</summary>
/// <param name="State">"starting", "mapped", "no-gateway", "failed" or "stopped".</param>
/// <param name="Gateway">The gateway asked (<c>nat.gateway</c> or the default route's); null while there is no default route.</param>
/// <param name="InternalPort">The local UDP port mapped (WireGuard's listen port).</param>
/// <param name="Protocol">"natpmp", "pcp" or "upnp" while mapped; else null.</param>
/// <param name="ExternalEndpoint">"address:port" others reach this node at while mapped; else null.</param>
/// <param name="ExpiresAt">When the gateway drops the mapping unless renewed; null without one.</param>
/// <param name="Permanent">True when the gateway only granted a permanent lease (deleted on stop).</param>
/// <param name="Answered">The protocols that answered the last probe, most preferred first.</param>
/// <param name="Problem">Why there is no mapping, when there is none.</param>
/// <param name="NextAttempt">When the daemon probes or maps again, while waiting to retry.</param>
public sealed record PortMappingStatus(
    string State,
    string? Gateway,
    int InternalPort,
    string? Protocol,
    string? ExternalEndpoint,
    DateTimeOffset? ExpiresAt,
    bool Permanent,
    IReadOnlyList<string> Answered,
    string? Problem,
    DateTimeOffset? NextAttempt);
