using System.Globalization;
using System.Text;
using MeshAgent.WireGuard.Text;

namespace MeshAgent.WireGuard.Userspace;

/// <summary>
/// Writes a <see cref="DeviceConfig"/> as a UAPI <c>set=1</c> request. Pure. Only what the config asks
/// for is written (null members are left out), so the request is the difference the caller computed.
/// </summary>
internal static class UapiSetWriter
{
    /// <summary>The whole request, ending with the blank line that submits it.</summary>
    public static string Write(DeviceConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var text = new StringBuilder(128 + (config.Peers.Count * 200));
        text.Append("set=1\n");
        if (config.PrivateKey is { } privateKey)
        {
            Line(text, "private_key", privateKey.ToHex());
        }

        if (config.ListenPort is { } port)
        {
            if (port is < 0 or > ushort.MaxValue)
            {
                throw new ArgumentOutOfRangeException(nameof(config), port, "Listen port must be 0-65535.");
            }

            Line(text, "listen_port", port.ToString(CultureInfo.InvariantCulture));
        }

        if (config.FirewallMark is { } fwmark)
        {
            Line(text, "fwmark", fwmark.ToString(CultureInfo.InvariantCulture));
        }

        if (config.ReplacePeers)
        {
            Line(text, "replace_peers", "true");
        }

        foreach (var peer in config.Peers)
        {
            Line(text, "public_key", peer.PublicKey.ToHex());
            if (peer.Remove)
            {
                Line(text, "remove", "true");
                continue;
            }

            if (peer.UpdateOnly)
            {
                Line(text, "update_only", "true");
            }

            if (peer.PresharedKey is { } psk)
            {
                Line(text, "preshared_key", psk.ToHex());
            }

            if (peer.Endpoint is { } endpoint)
            {
                Line(text, "endpoint", InetAddressText.FormatEndpoint(endpoint));
            }

            if (peer.PersistentKeepalive is { } keepalive)
            {
                var seconds = (long)keepalive.TotalSeconds;
                if (seconds is < 0 or > ushort.MaxValue)
                {
                    throw new ArgumentOutOfRangeException(nameof(config), keepalive, "Keepalive must be 0-65535 s.");
                }

                Line(text, "persistent_keepalive_interval", seconds.ToString(CultureInfo.InvariantCulture));
            }

            if (peer.ReplaceAllowedIPs)
            {
                Line(text, "replace_allowed_ips", "true");
            }

            foreach (var network in peer.AllowedIPs)
            {
                Line(text, "allowed_ip", InetAddressText.FormatNetwork(network));
            }
        }

        text.Append('\n');
        return text.ToString();
    }

    private static void Line(StringBuilder text, string key, string value) => text.Append(key).Append('=').Append(value).Append('\n');
}
