using System.Net;

namespace MeshAgent.Core.Configuration;

/// <summary>Port mapping of the WireGuard port on the upstream NAT gateway (NAT-PMP, PCP, UPnP IGD).</summary>
public sealed record NatConfig
{
    /// <summary>Whether to map a port.</summary>
    [ConfigKey("port_mapping")]
    public PortMapping PortMapping { get; init; } = PortMapping.Auto;

    /// <summary>The gateway to ask; null uses the default route's gateway.</summary>
    [ConfigKey("gateway")]
    public IPAddress? Gateway { get; init; }
}

/// <summary>Port mapping mode.</summary>
public enum PortMapping
{
    /// <summary>Try NAT-PMP, PCP and UPnP IGD.</summary>
    Auto,

    /// <summary>No port mapping.</summary>
    Off,
}
