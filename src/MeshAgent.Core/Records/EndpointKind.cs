namespace MeshAgent.Core.Records;

/// <summary>How a node came by one of the endpoints in its record: what the direct path to it is shown as.</summary>
public enum EndpointKind : byte
{
    /// <summary>From the node's config (<c>mesh.endpoint</c>) or given at admission.</summary>
    Configured = 0,

    /// <summary>A port mapping on the node's NAT gateway (NAT-PMP, PCP, UPnP IGD).</summary>
    Mapped = 1,

    /// <summary>Where the hub sees the node's packets come from (its NAT's outside): reachable only by punching.</summary>
    Observed = 2,
}
