using System.Net;

namespace MeshAgent.Core.Mesh;

/// <summary>A hub named in the config, used until its signed record arrives (bootstrap).</summary>
/// <param name="Name">The hub's name.</param>
/// <param name="PublicKey">Its WireGuard public key (base64).</param>
/// <param name="Endpoint">Its static underlay endpoint.</param>
/// <param name="Address">Its mesh IPv4 address.</param>
public sealed record BootstrapHub(string Name, string PublicKey, IPEndPoint Endpoint, IPAddress Address);

/// <summary>The parts of the config the desired state depends on.</summary>
public sealed record MeshSettings
{
    /// <summary>The WireGuard interface, "wg0".</summary>
    public string InterfaceName { get; init; } = "wg0";

    /// <summary>UDP listen port.</summary>
    public int ListenPort { get; init; } = 51820;

    /// <summary>Interface MTU.</summary>
    public int Mtu { get; init; } = 1420;

    /// <summary>The mesh's IPv4 prefix (every mesh address is inside it).</summary>
    public required IPNetwork PrefixV4 { get; init; }

    /// <summary>The mesh's IPv6 prefix, when the mesh has IPv6.</summary>
    public IPNetwork? PrefixV6 { get; init; }

    /// <summary>Keepalive from spokes (behind NAT) towards hubs and direct peers; 25 s as wg-quick users know it.</summary>
    public TimeSpan PersistentKeepalive { get; init; } = TimeSpan.FromSeconds(25);

    /// <summary>Hubs from the config, for the time before their records arrive.</summary>
    public IReadOnlyList<BootstrapHub> BootstrapHubs { get; init; } = [];

    /// <summary>True when this host bridges a LAN (vrb configured): it forwards and bridged frames skip iptables.</summary>
    public bool Bridging { get; init; }
}
