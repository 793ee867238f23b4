using System.Globalization;
using MeshAgent.Core.Configuration;

namespace MeshAgent.Firewall.Rules;

/// <summary>Turns the config into the firewall's desired state. Pure.</summary>
public static class FirewallSpecMapping
{
    /// <summary>The spec for <paramref name="config"/>; an empty-but-valid spec when it has no firewall section.</summary>
    public static FirewallSpec Map(AgentConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var firewall = config.Firewall ?? new FirewallConfig();
        var mesh = config.Mesh;
        var lan = config.Vrb?.Lan;
        var local = new List<string>();
        if (mesh is not null)
        {
            local.Add(mesh.Interface);
        }

        if (lan is not null)
        {
            local.Add(lan.Bridge);
        }

        var forward = firewall.Forward switch
        {
            FirewallForward.On => true,
            FirewallForward.Off => false,
            _ => mesh?.Role == MeshRole.Hub || lan is not null,
        };
        var sources = new List<string>();
        if (lan?.Address is { } address)
        {
            sources.Add(address.Network.ToString());
        }

        if (mesh is not null)
        {
            sources.Add(mesh.Prefix.ToString());
        }

        return new FirewallSpec
        {
            UdpPorts = mesh is null ? [] : [mesh.ListenPort],
            // A hub's join listener is TCP on the WireGuard port of its endpoint: spokes reach it over the underlay.
            TcpPorts = mesh?.Role == MeshRole.Hub ? [.. firewall.AllowTcpPorts, mesh.ListenPort] : firewall.AllowTcpPorts,
            TrustedInterfaces = firewall.TrustedInterfaces ?? local,
            ForwardInterfaces = forward ? local : [],
            MasqueradeInterfaces = firewall.Masquerade,
            MasqueradeSources = sources,
            MssClampInterface = firewall.MssClamp ? mesh?.Interface : null,
            DropOtherInput = firewall.DropOtherInput,
        };
    }

    /// <summary>For logs: "udp 51820, tcp 22, trusted wg0 br0".</summary>
    public static string Describe(FirewallSpec spec) =>
        string.Create(CultureInfo.InvariantCulture, $"udp {string.Join(' ', spec.UdpPorts)}, tcp {string.Join(' ', spec.TcpPorts)}, trusted {string.Join(' ', spec.TrustedInterfaces)}");
}
