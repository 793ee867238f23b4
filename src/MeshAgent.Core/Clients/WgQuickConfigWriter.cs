using System.Globalization;
using System.Text;

namespace MeshAgent.Core.Clients;

/// <summary>
/// Renders a <see cref="ClientConfig"/> as a wg-quick(8) file, the format the WireGuard apps import (file or
/// QR code). Pure and deterministic. Only keys wg-quick and the apps both know are written.
/// </summary>
public static class WgQuickConfigWriter
{
    /// <summary>
    /// The file text, lines ending in "\n". An empty <see cref="ClientConfig.PrivateKey"/> (the device keeps its own
    /// key) becomes a comment the device's owner replaces with the key.
    /// </summary>
    public static string Render(ClientConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var text = new StringBuilder();
        text.Append("[Interface]\n");
        text.Append(config.PrivateKey.Length == 0
            ? "# PrivateKey = (the device's own key; only its public key is in the mesh)\n"
            : $"PrivateKey = {config.PrivateKey}\n");
        text.Append(CultureInfo.InvariantCulture, $"Address = {config.Address}/32\n");
        if (config.Dns is { } dns)
        {
            // wg-quick takes a non-address DNS entry as a search domain.
            text.Append(CultureInfo.InvariantCulture, $"DNS = {dns}{(config.DnsSearch is { } search ? ", " + search : string.Empty)}\n");
        }

        text.Append('\n');
        text.Append("[Peer]\n");
        text.Append(CultureInfo.InvariantCulture, $"PublicKey = {config.HubPublicKey}\n");
        text.Append(CultureInfo.InvariantCulture, $"Endpoint = {config.HubEndpoint}\n");
        text.Append(CultureInfo.InvariantCulture, $"AllowedIPs = {string.Join(", ", config.AllowedIPs)}\n");
        if (config.PersistentKeepalive > TimeSpan.Zero)
        {
            text.Append(CultureInfo.InvariantCulture, $"PersistentKeepalive = {(int)config.PersistentKeepalive.TotalSeconds}\n");
        }

        return text.ToString();
    }
}
