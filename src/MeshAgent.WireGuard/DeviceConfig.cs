using System.Net;

namespace MeshAgent.WireGuard;

/// <summary>
/// A change to a device, in the shape of WG_CMD_SET_DEVICE and UAPI <c>set=1</c>: null members are left
/// as they are. With <see cref="ReplacePeers"/> the peer list becomes exactly <see cref="Peers"/>.
/// </summary>
public sealed record DeviceConfig
{
    /// <summary>New private key; <c>default(WireGuardKey)</c> (all zero) removes it; null keeps it.</summary>
    public WireGuardKey? PrivateKey { get; init; }

    /// <summary>New listen port (0 = random); null keeps it.</summary>
    public int? ListenPort { get; init; }

    /// <summary>New fwmark (0 = off); null keeps it.</summary>
    public uint? FirewallMark { get; init; }

    /// <summary>Remove every peer not named in <see cref="Peers"/>.</summary>
    public bool ReplacePeers { get; init; }

    /// <summary>Peers to add, change or remove.</summary>
    public IReadOnlyList<PeerConfig> Peers { get; init; } = [];
}

/// <summary>A change to one peer. Null members are left as they are.</summary>
public sealed record PeerConfig
{
    /// <summary>The peer's identity.</summary>
    public required WireGuardKey PublicKey { get; init; }

    /// <summary>Remove this peer (WGPEER_F_REMOVE_ME / <c>remove=true</c>).</summary>
    public bool Remove { get; init; }

    /// <summary>Change the peer only if it exists; never create it (WGPEER_F_UPDATE_ONLY).</summary>
    public bool UpdateOnly { get; init; }

    /// <summary>New preshared key; all-zero removes it; null keeps it.</summary>
    public WireGuardKey? PresharedKey { get; init; }

    /// <summary>New endpoint; null keeps it.</summary>
    public IPEndPoint? Endpoint { get; init; }

    /// <summary>New keepalive interval (zero = off); null keeps it.</summary>
    public TimeSpan? PersistentKeepalive { get; init; }

    /// <summary>Replace the allowed IPs with <see cref="AllowedIPs"/> instead of adding to them.</summary>
    public bool ReplaceAllowedIPs { get; init; }

    /// <summary>Allowed IPs to add (or, with <see cref="ReplaceAllowedIPs"/>, the whole new set).</summary>
    public IReadOnlyList<IPNetwork> AllowedIPs { get; init; } = [];
}
