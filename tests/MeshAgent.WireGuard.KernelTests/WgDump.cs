using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace MeshAgent.WireGuard.KernelTests;

/// <summary>
/// Renders a device as `wg show IFACE dump` prints it (wireguard-tools show.c), so the kernel backend's
/// read-back can be compared with wg(8)'s own read of the same device, byte for byte.
/// </summary>
internal static class WgDump
{
    public static string Render(WireGuardDevice device)
    {
        var text = new StringBuilder();
        text.Append(Key(device.PrivateKey)).Append('\t').Append(Key(device.PublicKey)).Append('\t')
            .Append(device.ListenPort.ToString(CultureInfo.InvariantCulture)).Append('\t')
            .Append(device.FirewallMark == 0 ? "off" : "0x" + device.FirewallMark.ToString("x", CultureInfo.InvariantCulture)).Append('\n');
        foreach (var peer in device.Peers)
        {
            text.Append(peer.PublicKey.ToBase64()).Append('\t')
                .Append(Key(peer.PresharedKey)).Append('\t')
                .Append(Endpoint(peer.Endpoint)).Append('\t')
                .Append(peer.AllowedIPs.Count == 0 ? "(none)" : string.Join(',', peer.AllowedIPs.Select(n => $"{n.BaseAddress}/{n.PrefixLength}"))).Append('\t')
                .Append((peer.LastHandshake?.ToUnixTimeSeconds() ?? 0).ToString(CultureInfo.InvariantCulture)).Append('\t')
                .Append(peer.ReceiveBytes.ToString(CultureInfo.InvariantCulture)).Append('\t')
                .Append(peer.TransmitBytes.ToString(CultureInfo.InvariantCulture)).Append('\t')
                .Append(peer.PersistentKeepalive == TimeSpan.Zero ? "off" : ((int)peer.PersistentKeepalive.TotalSeconds).ToString(CultureInfo.InvariantCulture)).Append('\n');
        }

        return text.ToString();
    }

    private static string Key(WireGuardKey? key) => key is { IsZero: false } k ? k.ToBase64() : "(none)";

    private static string Endpoint(IPEndPoint? endpoint) => endpoint switch
    {
        null => "(none)",
        { AddressFamily: AddressFamily.InterNetworkV6 } => $"[{endpoint.Address}]:{endpoint.Port.ToString(CultureInfo.InvariantCulture)}",
        _ => $"{endpoint.Address}:{endpoint.Port.ToString(CultureInfo.InvariantCulture)}",
    };
}
