namespace MeshAgent.WireGuard;

/// <summary>Which implementation serves a device.</summary>
public enum WireGuardBackendKind
{
    /// <summary>The Linux kernel module, through generic netlink family "wireguard".</summary>
    Kernel,

    /// <summary>A userspace implementation (wireguard-go) through /var/run/wireguard/IFACE.sock.</summary>
    Userspace,
}

/// <summary>A device as read back from a backend: the whole state, peers included.</summary>
/// <param name="Name">Interface name, e.g. wg0.</param>
/// <param name="Backend">Which backend answered.</param>
/// <param name="PrivateKey">The private key, or null when none is set.</param>
/// <param name="PublicKey">Derived from the private key, or null when none is set.</param>
/// <param name="ListenPort">UDP port, 0 when none is bound.</param>
/// <param name="FirewallMark">fwmark, 0 when off.</param>
/// <param name="Peers">Peers in the order the backend reported them.</param>
public sealed record WireGuardDevice(
    string Name,
    WireGuardBackendKind Backend,
    WireGuardKey? PrivateKey,
    WireGuardKey? PublicKey,
    int ListenPort,
    uint FirewallMark,
    IReadOnlyList<WireGuardPeer> Peers);

/// <summary>A peer as read back, with its counters.</summary>
/// <param name="PublicKey">The peer's public key (its identity).</param>
/// <param name="PresharedKey">The preshared key, or null when none.</param>
/// <param name="Endpoint">Current endpoint, or null when unknown.</param>
/// <param name="PersistentKeepalive">Keepalive interval; <see cref="TimeSpan.Zero"/> when off.</param>
/// <param name="LastHandshake">Time of the last handshake, or null when there was none.</param>
/// <param name="ReceiveBytes">Bytes received from the peer.</param>
/// <param name="TransmitBytes">Bytes sent to the peer.</param>
/// <param name="AllowedIPs">Allowed IP prefixes in the backend's order.</param>
/// <param name="ProtocolVersion">WireGuard protocol version, normally 1.</param>
public sealed record WireGuardPeer(
    WireGuardKey PublicKey,
    WireGuardKey? PresharedKey,
    System.Net.IPEndPoint? Endpoint,
    TimeSpan PersistentKeepalive,
    DateTimeOffset? LastHandshake,
    long ReceiveBytes,
    long TransmitBytes,
    IReadOnlyList<System.Net.IPNetwork> AllowedIPs,
    int ProtocolVersion = 1);
