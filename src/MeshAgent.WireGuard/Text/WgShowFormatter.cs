using System.Globalization;
using System.Text;

namespace MeshAgent.WireGuard.Text;

/// <summary>
/// Formats devices exactly as <c>wg show</c> does: the tab-separated <c>dump</c> and single-field forms
/// byte for byte, and the human form as wg(8) prints it without colour. Pure.
/// </summary>
public static class WgShowFormatter
{
    /// <summary>The fields <c>wg show IFACE FIELD</c> accepts, in wg(8)'s usage order.</summary>
    public static readonly IReadOnlyList<string> Fields =
    [
        "public-key", "private-key", "listen-port", "fwmark", "peers", "preshared-keys", "endpoints", "allowed-ips",
        "latest-handshakes", "transfer", "persistent-keepalive", "dump",
    ];

    /// <summary>
    /// The text of <c>wg show IFACE FIELD</c> (or, with <paramref name="withInterface"/>, one device of
    /// <c>wg show all FIELD</c>); null when <paramref name="field"/> is not a field wg(8) knows.
    /// </summary>
    public static string? Field(WireGuardDevice device, string field, bool withInterface)
    {
        ArgumentNullException.ThrowIfNull(device);
        var text = new StringBuilder();
        var prefix = withInterface ? device.Name + "\t" : string.Empty;
        switch (field)
        {
            case "public-key":
                text.Append(prefix).Append(MaybeKey(device.PublicKey)).Append('\n');
                break;
            case "private-key":
                text.Append(prefix).Append(MaybeKey(device.PrivateKey)).Append('\n');
                break;
            case "listen-port":
                text.Append(prefix).Append(device.ListenPort.ToString(CultureInfo.InvariantCulture)).Append('\n');
                break;
            case "fwmark":
                text.Append(prefix).Append(FwMark(device.FirewallMark)).Append('\n');
                break;
            case "endpoints":
                foreach (var peer in device.Peers)
                {
                    text.Append(prefix).Append(peer.PublicKey.ToBase64()).Append('\t').Append(Endpoint(peer)).Append('\n');
                }

                break;
            case "allowed-ips":
                foreach (var peer in device.Peers)
                {
                    text.Append(prefix).Append(peer.PublicKey.ToBase64()).Append('\t').Append(AllowedIPs(peer, " ")).Append('\n');
                }

                break;
            case "latest-handshakes":
                foreach (var peer in device.Peers)
                {
                    text.Append(prefix).Append(peer.PublicKey.ToBase64()).Append('\t')
                        .Append(HandshakeSeconds(peer).ToString(CultureInfo.InvariantCulture)).Append('\n');
                }

                break;
            case "transfer":
                foreach (var peer in device.Peers)
                {
                    text.Append(prefix).Append(peer.PublicKey.ToBase64()).Append('\t')
                        .Append(peer.ReceiveBytes.ToString(CultureInfo.InvariantCulture)).Append('\t')
                        .Append(peer.TransmitBytes.ToString(CultureInfo.InvariantCulture)).Append('\n');
                }

                break;
            case "persistent-keepalive":
                foreach (var peer in device.Peers)
                {
                    text.Append(prefix).Append(peer.PublicKey.ToBase64()).Append('\t').Append(Keepalive(peer)).Append('\n');
                }

                break;
            case "preshared-keys":
                foreach (var peer in device.Peers)
                {
                    text.Append(prefix).Append(peer.PublicKey.ToBase64()).Append('\t').Append(MaybeKey(peer.PresharedKey)).Append('\n');
                }

                break;
            case "peers":
                foreach (var peer in device.Peers)
                {
                    text.Append(prefix).Append(peer.PublicKey.ToBase64()).Append('\n');
                }

                break;
            case "dump":
                return Dump(device, withInterface);
            default:
                return null;
        }

        return text.ToString();
    }

    /// <summary>The text of <c>wg show IFACE dump</c> (with <paramref name="withInterface"/>: of one device in <c>wg show all dump</c>).</summary>
    public static string Dump(WireGuardDevice device, bool withInterface)
    {
        ArgumentNullException.ThrowIfNull(device);
        var prefix = withInterface ? device.Name + "\t" : string.Empty;
        var text = new StringBuilder(128 + (device.Peers.Count * 160));
        text.Append(prefix).Append(MaybeKey(device.PrivateKey)).Append('\t').Append(MaybeKey(device.PublicKey)).Append('\t')
            .Append(device.ListenPort.ToString(CultureInfo.InvariantCulture)).Append('\t').Append(FwMark(device.FirewallMark)).Append('\n');
        foreach (var peer in device.Peers)
        {
            text.Append(prefix).Append(peer.PublicKey.ToBase64()).Append('\t')
                .Append(MaybeKey(peer.PresharedKey)).Append('\t')
                .Append(Endpoint(peer)).Append('\t')
                .Append(AllowedIPs(peer, ",")).Append('\t')
                .Append(HandshakeSeconds(peer).ToString(CultureInfo.InvariantCulture)).Append('\t')
                .Append(peer.ReceiveBytes.ToString(CultureInfo.InvariantCulture)).Append('\t')
                .Append(peer.TransmitBytes.ToString(CultureInfo.InvariantCulture)).Append('\t')
                .Append(Keepalive(peer)).Append('\n');
        }

        return text.ToString();
    }

    /// <summary>
    /// The human form of <c>wg show IFACE</c> without colour. Keys are "(hidden)" unless
    /// <paramref name="showKeys"/> (wg(8): WG_HIDE_KEYS=never); "ago" is measured from <paramref name="now"/>.
    /// </summary>
    public static string Pretty(WireGuardDevice device, DateTimeOffset now, bool showKeys)
    {
        ArgumentNullException.ThrowIfNull(device);
        var text = new StringBuilder();
        text.Append("interface: ").Append(device.Name).Append('\n');
        if (device.PublicKey is { IsZero: false } publicKey)
        {
            text.Append("  public key: ").Append(publicKey.ToBase64()).Append('\n');
        }

        if (device.PrivateKey is { IsZero: false } privateKey)
        {
            text.Append("  private key: ").Append(showKeys ? privateKey.ToBase64() : "(hidden)").Append('\n');
        }

        if (device.ListenPort != 0)
        {
            text.Append("  listening port: ").Append(device.ListenPort.ToString(CultureInfo.InvariantCulture)).Append('\n');
        }

        if (device.FirewallMark != 0)
        {
            text.Append("  fwmark: 0x").Append(device.FirewallMark.ToString("x", CultureInfo.InvariantCulture)).Append('\n');
        }

        // wg(8) lists the most recent handshake first and peers without one last (a stable sort).
        var peers = device.Peers.OrderBy(p => p.LastHandshake is null ? 1 : 0)
            .ThenByDescending(p => p.LastHandshake ?? DateTimeOffset.MinValue).ToList();
        if (peers.Count > 0)
        {
            text.Append('\n');
        }

        for (var i = 0; i < peers.Count; i++)
        {
            var peer = peers[i];
            text.Append("peer: ").Append(peer.PublicKey.ToBase64()).Append('\n');
            if (peer.PresharedKey is { IsZero: false } psk)
            {
                text.Append("  preshared key: ").Append(showKeys ? psk.ToBase64() : "(hidden)").Append('\n');
            }

            if (peer.Endpoint is { } endpoint)
            {
                text.Append("  endpoint: ").Append(InetAddressText.FormatEndpoint(endpoint)).Append('\n');
            }

            text.Append("  allowed ips: ").Append(AllowedIPs(peer, ", ")).Append('\n');
            if (HandshakeSeconds(peer) != 0)
            {
                text.Append("  latest handshake: ").Append(Ago(HandshakeSeconds(peer), now.ToUnixTimeSeconds())).Append('\n');
            }

            if (peer.ReceiveBytes != 0 || peer.TransmitBytes != 0)
            {
                text.Append("  transfer: ").Append(Bytes(peer.ReceiveBytes)).Append(" received, ").Append(Bytes(peer.TransmitBytes))
                    .Append(" sent\n");
            }

            var keepalive = (long)peer.PersistentKeepalive.TotalSeconds;
            if (keepalive != 0)
            {
                text.Append("  persistent keepalive: every ").Append(Duration(keepalive)).Append('\n');
            }

            if (i + 1 < peers.Count)
            {
                text.Append('\n');
            }
        }

        return text.ToString();
    }

    /// <summary>wg(8)'s duration words, e.g. "1 minute, 5 seconds" (a year is 365 days).</summary>
    internal static string Duration(long seconds)
    {
        var parts = new List<string>(5);
        Add(parts, seconds / (365L * 24 * 3600), "year");
        seconds %= 365L * 24 * 3600;
        Add(parts, seconds / (24 * 3600), "day");
        seconds %= 24 * 3600;
        Add(parts, seconds / 3600, "hour");
        seconds %= 3600;
        Add(parts, seconds / 60, "minute");
        Add(parts, seconds % 60, "second");
        return string.Join(", ", parts);

        static void Add(List<string> parts, long value, string unit)
        {
            if (value != 0)
            {
                parts.Add(string.Create(CultureInfo.InvariantCulture, $"{value} {unit}{(value == 1 ? string.Empty : "s")}"));
            }
        }
    }

    /// <summary>wg(8)'s byte counts: "N B" below 1 KiB, else two decimals in KiB, MiB, GiB or TiB.</summary>
    internal static string Bytes(long bytes)
    {
        const double Kibi = 1024;
        return bytes switch
        {
            < 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes} B"),
            < 1024 * 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes / Kibi:F2} KiB"),
            < 1024L * 1024 * 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (Kibi * Kibi):F2} MiB"),
            < 1024L * 1024 * 1024 * 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (Kibi * Kibi * Kibi):F2} GiB"),
            _ => string.Create(CultureInfo.InvariantCulture, $"{bytes / (Kibi * Kibi * Kibi) / Kibi:F2} TiB"),
        };
    }

    private static string Ago(long then, long now) =>
        now == then ? "Now"
        : now < then ? "(System clock wound backward; connection problems may ensue.)"
        : Duration(now - then) + " ago";

    private static long HandshakeSeconds(WireGuardPeer peer) => peer.LastHandshake?.ToUnixTimeSeconds() ?? 0;

    private static string MaybeKey(WireGuardKey? key) => key is { IsZero: false } k ? k.ToBase64() : "(none)";

    private static string FwMark(uint fwmark) =>
        fwmark == 0 ? "off" : "0x" + fwmark.ToString("x", CultureInfo.InvariantCulture);

    private static string Endpoint(WireGuardPeer peer) =>
        peer.Endpoint is { } endpoint ? InetAddressText.FormatEndpoint(endpoint) : "(none)";

    private static string AllowedIPs(WireGuardPeer peer, string separator) =>
        peer.AllowedIPs.Count == 0 ? "(none)" : string.Join(separator, peer.AllowedIPs.Select(InetAddressText.FormatNetwork));

    private static string Keepalive(WireGuardPeer peer)
    {
        var seconds = (long)peer.PersistentKeepalive.TotalSeconds;
        return seconds == 0 ? "off" : seconds.ToString(CultureInfo.InvariantCulture);
    }
}
