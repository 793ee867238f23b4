using System.Net;

namespace MeshAgent.Core.Configuration;

/// <summary>This node's WireGuard interface and its place in the mesh.</summary>
public sealed record MeshConfig
{
    /// <summary>WireGuard's default port.</summary>
    public const int DefaultListenPort = 51820;

    /// <summary>
    /// 1420 = 1500 minus 80 bytes of WireGuard-over-IPv6 overhead (40 IPv6 + 8 UDP + 32 WireGuard), the
    /// value wg-quick uses when it cannot see the route MTU.
    /// </summary>
    public const int DefaultMtu = 1420;

    /// <summary>The WireGuard interface name (at most 15 characters).</summary>
    [ConfigKey("interface")]
    public string Interface { get; init; } = "wg0";

    /// <summary>
    /// The whole mesh's IPv4 prefix (required): spokes route it via their hubs; every node's mesh IPv4
    /// address (its signed record's) lies in it.
    /// </summary>
    [ConfigKey("prefix")]
    public required IPNetwork Prefix { get; init; }

    /// <summary>The mesh's IPv6 prefix when the mesh also carries IPv6; null for an IPv4-only mesh.</summary>
    [ConfigKey("prefix_v6")]
    public IPNetwork? PrefixV6 { get; init; }

    /// <summary>This node's mesh IPv4 address with prefix length; null when it comes from the signed record.</summary>
    [ConfigKey("address")]
    public InterfaceAddress? Address { get; init; }

    /// <summary>UDP port WireGuard listens on.</summary>
    [ConfigKey("listen_port")]
    public int ListenPort { get; init; } = DefaultListenPort;

    /// <summary>MTU of the WireGuard interface, 1280 (the IPv6 minimum) to 65535.</summary>
    [ConfigKey("mtu")]
    public int Mtu { get; init; } = DefaultMtu;

    /// <summary>Hub (static public endpoint, forwards) or spoke.</summary>
    [ConfigKey("role")]
    public MeshRole Role { get; init; } = MeshRole.Spoke;

    /// <summary>The endpoint other nodes reach this node at; required for hubs. IPEndPoint or DnsEndPoint.</summary>
    [ConfigKey("endpoint")]
    public EndPoint? Endpoint { get; init; }

    /// <summary>Which WireGuard implementation to use.</summary>
    [ConfigKey("backend")]
    public MeshBackend Backend { get; init; } = MeshBackend.Auto;

    /// <summary>wireguard-go for the userspace backend: an absolute path or a name looked up in PATH.</summary>
    [ConfigKey("userspace_binary")]
    public string UserspaceBinary { get; init; } = "wireguard-go";

    /// <summary>
    /// WireGuard persistent keepalive towards hubs and direct peers, whole seconds 1-65535; null ("off")
    /// disables it. 25 s keeps typical NAT UDP mappings (30 s and more) open.
    /// </summary>
    [ConfigKey("persistent_keepalive")]
    public TimeSpan? PersistentKeepalive { get; init; } = TimeSpan.FromSeconds(25);

    /// <summary>How long a direct peer may go without a handshake before traffic falls back to the hub.</summary>
    [ConfigKey("direct_path_timeout")]
    public TimeSpan DirectPathTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How often this node rotates its WireGuard key (a new key pair, its record re-signed by the authority); null
    /// ("off", the default) never rotates on a schedule. <c>meshctl command send rotate-key</c> rotates at once.
    /// </summary>
    [ConfigKey("key_rotation")]
    public TimeSpan? KeyRotation { get; init; }

    /// <summary>The hubs this node starts with as peers (their AllowedIPs cover <see cref="Prefix"/>).</summary>
    [ConfigKey("hubs")]
    public IReadOnlyList<MeshHub> Hubs { get; init; } = [];
}

/// <summary>A hub known from the configuration.</summary>
public sealed record MeshHub
{
    /// <summary>The hub's node name (DNS label).</summary>
    [ConfigKey("name")]
    public required string Name { get; init; }

    /// <summary>The hub's WireGuard public key, base64 of 32 bytes as wg(8) prints it.</summary>
    [ConfigKey("public_key")]
    public required string PublicKey { get; init; }

    /// <summary>Where the hub is reached (IPEndPoint or DnsEndPoint).</summary>
    [ConfigKey("endpoint")]
    public required EndPoint Endpoint { get; init; }

    /// <summary>The hub's mesh IPv4 address, inside the mesh prefix.</summary>
    [ConfigKey("address")]
    public required IPAddress Address { get; init; }
}

/// <summary>A node's role in the mesh.</summary>
public enum MeshRole
{
    /// <summary>Reachable at a static endpoint; forwards between spokes.</summary>
    Hub,

    /// <summary>Starts with hubs as peers and adds direct peers as it learns them.</summary>
    Spoke,
}

/// <summary>Which WireGuard implementation drives the interface.</summary>
public enum MeshBackend
{
    /// <summary>The kernel module when present, else wireguard-go.</summary>
    Auto,

    /// <summary>The kernel module (generic netlink).</summary>
    Kernel,

    /// <summary>wireguard-go (UAPI socket).</summary>
    Userspace,
}
