using System.Net;

namespace MeshAgent.WireGuard.Tests;

/// <summary>
/// For tests: an in-memory device that applies a <see cref="DeviceConfig"/> with the semantics of UAPI
/// set=1 / WG_CMD_SET_DEVICE (update_only creates nothing, an allowed IP moves from the peer that held it),
/// and renders the state as canonical text to compare.
/// </summary>
internal static class UapiDeviceModel
{
    public static WireGuardDevice Apply(WireGuardDevice device, DeviceConfig config)
    {
        var privateKey = config.PrivateKey is { } key ? (key.IsZero ? null : key) : device.PrivateKey;
        var peers = config.ReplacePeers ? [] : device.Peers.Select(Mutable.From).ToList();
        foreach (var change in config.Peers)
        {
            var peer = peers.Find(p => p.PublicKey == change.PublicKey);
            if (change.Remove)
            {
                if (peer is not null)
                {
                    peers.Remove(peer);
                }

                continue;
            }

            if (peer is null)
            {
                if (change.UpdateOnly)
                {
                    continue;
                }

                peer = new Mutable { PublicKey = change.PublicKey };
                peers.Add(peer);
            }

            if (change.PresharedKey is { } psk)
            {
                peer.PresharedKey = psk.IsZero ? null : psk;
            }

            peer.Endpoint = change.Endpoint ?? peer.Endpoint;
            peer.Keepalive = change.PersistentKeepalive ?? peer.Keepalive;
            if (change.ReplaceAllowedIPs)
            {
                peer.AllowedIPs.Clear();
            }

            foreach (var network in change.AllowedIPs)
            {
                foreach (var other in peers)
                {
                    other.AllowedIPs.Remove(network);
                }

                peer.AllowedIPs.Add(network);
            }
        }

        return device with
        {
            PrivateKey = privateKey,
            PublicKey = privateKey is { } k ? WireGuardKeys.PublicKeyOf(k) : null,
            ListenPort = config.ListenPort ?? device.ListenPort,
            FirewallMark = config.FirewallMark ?? device.FirewallMark,
            Peers = peers.Select(p => p.ToPeer()).ToList(),
        };
    }

    /// <summary>Canonical text of the configured state: peers sorted by key, allowed IPs sorted, counters left out.</summary>
    public static string Render(WireGuardDevice device)
    {
        var lines = new List<string>
        {
            $"private={device.PrivateKey?.ToBase64() ?? "-"} port={device.ListenPort} fwmark={device.FirewallMark}",
        };
        foreach (var peer in device.Peers.OrderBy(p => p.PublicKey.ToBase64(), StringComparer.Ordinal))
        {
            var allowed = string.Join(",", peer.AllowedIPs.Select(n => n.ToString()).Order(StringComparer.Ordinal));
            lines.Add($"peer={peer.PublicKey.ToBase64()} psk={peer.PresharedKey?.ToBase64() ?? "-"} endpoint={peer.Endpoint?.ToString() ?? "-"} keepalive={peer.PersistentKeepalive.TotalSeconds} allowed={allowed}");
        }

        return string.Join("\n", lines);
    }

    private sealed class Mutable
    {
        public required WireGuardKey PublicKey { get; init; }

        public WireGuardKey? PresharedKey { get; set; }

        public IPEndPoint? Endpoint { get; set; }

        public TimeSpan Keepalive { get; set; }

        public List<IPNetwork> AllowedIPs { get; } = [];

        public static Mutable From(WireGuardPeer peer)
        {
            var mutable = new Mutable { PublicKey = peer.PublicKey, PresharedKey = peer.PresharedKey, Endpoint = peer.Endpoint, Keepalive = peer.PersistentKeepalive };
            mutable.AllowedIPs.AddRange(peer.AllowedIPs);
            return mutable;
        }

        public WireGuardPeer ToPeer() => new(PublicKey, PresharedKey, Endpoint, Keepalive, null, 0, 0, AllowedIPs.ToList());
    }
}
