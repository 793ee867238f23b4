using System.Net;

namespace MeshAgent.WireGuard.Configuration;

/// <summary>
/// A wg(8) configuration file ([Interface] and [Peer] sections) as parsed: null members were absent.
/// Immutable. <see cref="ToString"/> prints no keys.
/// </summary>
public sealed record WgConfig
{
    /// <summary>[Interface] PrivateKey, or null when absent.</summary>
    public WireGuardKey? PrivateKey { get; init; }

    /// <summary>[Interface] ListenPort, or null when absent.</summary>
    public int? ListenPort { get; init; }

    /// <summary>[Interface] FwMark (0 = off), or null when absent.</summary>
    public uint? FirewallMark { get; init; }

    /// <summary>The [Peer] sections in file order.</summary>
    public IReadOnlyList<WgConfigPeer> Peers { get; init; } = [];

    /// <summary>
    /// The change <c>wg setconf</c> (<paramref name="append"/> false) or <c>wg addconf</c> (true) makes:
    /// setconf replaces the peers and resets absent interface fields to zero; addconf only adds. Every
    /// [Peer] replaces that peer's allowed IPs, as wg(8) does.
    /// </summary>
    public DeviceConfig ToDeviceConfig(bool append) => new()
    {
        PrivateKey = append ? PrivateKey : PrivateKey ?? default(WireGuardKey),
        ListenPort = append ? ListenPort : ListenPort ?? 0,
        FirewallMark = append ? FirewallMark : FirewallMark ?? 0,
        ReplacePeers = !append,
        Peers = Peers.Select(p => new PeerConfig
        {
            PublicKey = p.PublicKey,
            PresharedKey = p.PresharedKey,
            Endpoint = p.Endpoint,
            PersistentKeepalive = p.PersistentKeepalive is { } seconds ? TimeSpan.FromSeconds(seconds) : null,
            ReplaceAllowedIPs = true,
            AllowedIPs = p.AllowedIPs,
        }).ToList(),
    };

    /// <summary>
    /// The device this file describes as a whole desired state (what <c>wg syncconf</c> converges to):
    /// absent fields are zero/none; a peer without Endpoint keeps whatever endpoint it has.
    /// </summary>
    public WireGuardDevice ToDesiredDevice(string name) => new(
        name,
        WireGuardBackendKind.Userspace,
        PrivateKey is { IsZero: false } key ? key : null,
        PrivateKey is { IsZero: false } key2 ? WireGuardKeys.PublicKeyOf(key2) : null,
        ListenPort ?? 0,
        FirewallMark ?? 0,
        Peers.GroupBy(p => p.PublicKey).Select(g => g.Aggregate(Merge)).Select(p => new WireGuardPeer(
            p.PublicKey,
            p.PresharedKey is { IsZero: false } psk ? psk : null,
            p.Endpoint,
            TimeSpan.FromSeconds(p.PersistentKeepalive ?? 0),
            null,
            0,
            0,
            p.AllowedIPs)).ToList());

    /// <summary>Never prints key material.</summary>
    public override string ToString() =>
        $"WgConfig {{ PrivateKey = {(PrivateKey is null ? "absent" : "(key)")}, ListenPort = {ListenPort}, FwMark = {FirewallMark}, Peers = {Peers.Count} }}";

    // The same public key twice: later sections win field by field, allowed IPs of the later one replace.
    private static WgConfigPeer Merge(WgConfigPeer first, WgConfigPeer second) => new()
    {
        PublicKey = first.PublicKey,
        PresharedKey = second.PresharedKey ?? first.PresharedKey,
        Endpoint = second.Endpoint ?? first.Endpoint,
        PersistentKeepalive = second.PersistentKeepalive ?? first.PersistentKeepalive,
        AllowedIPs = second.AllowedIPs,
    };
}

/// <summary>One [Peer] section; null members were absent.</summary>
public sealed record WgConfigPeer
{
    /// <summary>PublicKey (required).</summary>
    public required WireGuardKey PublicKey { get; init; }

    /// <summary>PresharedKey, or null when absent.</summary>
    public WireGuardKey? PresharedKey { get; init; }

    /// <summary>AllowedIPs from every AllowedIPs line, in order, host bits cleared.</summary>
    public IReadOnlyList<IPNetwork> AllowedIPs { get; init; } = [];

    /// <summary>Endpoint (resolved), or null when absent.</summary>
    public IPEndPoint? Endpoint { get; init; }

    /// <summary>PersistentKeepalive in seconds (0 = off), or null when absent.</summary>
    public int? PersistentKeepalive { get; init; }

    /// <summary>Never prints key material.</summary>
    public override string ToString() => $"WgConfigPeer {{ AllowedIPs = {AllowedIPs.Count}, Endpoint = {Endpoint} }}";
}
