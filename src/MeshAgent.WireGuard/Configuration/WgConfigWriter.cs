using System.Globalization;
using System.Text;
using MeshAgent.WireGuard.Text;

namespace MeshAgent.WireGuard.Configuration;

/// <summary>Writes a device in the wg(8) configuration format, byte for byte as <c>wg showconf</c> prints it.</summary>
public static class WgConfigWriter
{
    /// <summary>The showconf text of <paramref name="device"/>, private key included: treat the result as a secret.</summary>
    public static string Write(WireGuardDevice device)
    {
        ArgumentNullException.ThrowIfNull(device);
        var text = new StringBuilder(256 + (device.Peers.Count * 200));
        text.Append("[Interface]\n");
        if (device.ListenPort != 0)
        {
            text.Append(CultureInfo.InvariantCulture, $"ListenPort = {device.ListenPort}\n");
        }

        if (device.FirewallMark != 0)
        {
            text.Append(CultureInfo.InvariantCulture, $"FwMark = 0x{device.FirewallMark:x}\n");
        }

        if (device.PrivateKey is { IsZero: false } privateKey)
        {
            text.Append("PrivateKey = ").Append(privateKey.ToBase64()).Append('\n');
        }

        text.Append('\n');
        for (var i = 0; i < device.Peers.Count; i++)
        {
            var peer = device.Peers[i];
            text.Append("[Peer]\nPublicKey = ").Append(peer.PublicKey.ToBase64()).Append('\n');
            if (peer.PresharedKey is { IsZero: false } psk)
            {
                text.Append("PresharedKey = ").Append(psk.ToBase64()).Append('\n');
            }

            if (peer.AllowedIPs.Count > 0)
            {
                text.Append("AllowedIPs = ").AppendJoin(", ", peer.AllowedIPs.Select(InetAddressText.FormatNetwork)).Append('\n');
            }

            if (peer.Endpoint is { } endpoint)
            {
                text.Append("Endpoint = ").Append(InetAddressText.FormatEndpoint(endpoint)).Append('\n');
            }

            var keepalive = (int)peer.PersistentKeepalive.TotalSeconds;
            if (keepalive != 0)
            {
                text.Append(CultureInfo.InvariantCulture, $"PersistentKeepalive = {keepalive}\n");
            }

            if (i + 1 < device.Peers.Count)
            {
                text.Append('\n');
            }
        }

        return text.ToString();
    }
}
