using System.Globalization;
using System.Text;

namespace MeshAgent.Core.Mesh;

/// <summary>Renders a <see cref="DesiredState"/> as stable, diffable text (plans, logs, tests).</summary>
public static class DesiredStateText
{
    /// <summary>One line per fact, in a fixed order.</summary>
    public static string Render(DesiredState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var text = new StringBuilder();
        var wg = state.WireGuard;
        text.Append(CultureInfo.InvariantCulture, $"interface {wg.Name} addresses {string.Join(',', wg.Addresses)} port {wg.ListenPort} mtu {wg.Mtu}\n");
        foreach (var peer in wg.Peers)
        {
            text.Append(CultureInfo.InvariantCulture,
                $"peer {peer.Name} {peer.Kind.ToString().ToLowerInvariant()} endpoint {peer.Endpoint?.ToString() ?? "-"} keepalive {(int)peer.PersistentKeepalive.TotalSeconds} allowed {string.Join(',', peer.AllowedIPs)}\n");
        }

        foreach (var name in state.Relayed)
        {
            text.Append(CultureInfo.InvariantCulture, $"relayed {name}\n");
        }

        foreach (var host in state.MeshHosts)
        {
            text.Append(CultureInfo.InvariantCulture, $"host {host.Name} {string.Join(',', host.Addresses)}\n");
        }

        foreach (var (key, value) in state.Sysctls.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            text.Append(CultureInfo.InvariantCulture, $"sysctl {key}={value}\n");
        }

        foreach (var problem in state.Problems)
        {
            text.Append(CultureInfo.InvariantCulture, $"problem {problem}\n");
        }

        return text.ToString();
    }
}
