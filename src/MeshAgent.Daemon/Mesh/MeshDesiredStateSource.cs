using System.Net;
using MeshAgent.Core.Configuration;
using MeshAgent.Core.Mesh;
using MeshAgent.Core.Records;
using MeshAgent.Daemon.Hosting;

namespace MeshAgent.Daemon.Mesh;

/// <summary>
/// Turns the current config and this node's identity into the <see cref="DesiredState"/> the reconcilers
/// apply. Until gossip delivers verified member records the member list is empty, so a spoke peers
/// with the hubs named in its config and a hub waits for members. Recomputed on every call (cheap, pure),
/// so a reload takes effect on the next reconcile.
/// </summary>
public sealed class MeshDesiredStateSource(ConfigStore config, Lazy<NodeIdentity> identity, TimeProvider time)
{
    /// <summary>The desired state, or null when neither the mesh nor a bridge is configured.</summary>
    public DesiredState? Current()
    {
        var current = config.Current;
        if (current.Mesh is not { Address: not null } mesh)
        {
            return current.Vrb?.Lan is null ? null : BridgeOnly();
        }

        var now = time.GetUtcNow();
        var self = new NodeRecord
        {
            Name = current.Node.Name,
            WireGuardPublicKey = identity.Value.PublicKey.ToBase64(),
            MeshIPv4 = mesh.Address.Address,
            Role = mesh.Role == MeshRole.Hub ? NodeRole.Hub : NodeRole.Spoke,
            Endpoints = mesh.Endpoint is IPEndPoint endpoint ? [endpoint] : [],
            Subnets = current.Vrb?.Lan?.Address is { } lan ? [lan.Network] : [],
            IssuedAt = now,
            ExpiresAt = now.AddDays(1),
        };
        var settings = new MeshSettings
        {
            InterfaceName = mesh.Interface,
            ListenPort = mesh.ListenPort,
            Mtu = mesh.Mtu,
            PrefixV4 = mesh.Prefix,
            PrefixV6 = mesh.PrefixV6,
            PersistentKeepalive = mesh.PersistentKeepalive ?? TimeSpan.Zero,
            Bridging = current.Vrb?.Lan is not null,
            // Hubs named by host name are resolved once gossip runs; until then only literal endpoints are usable.
            BootstrapHubs = [.. mesh.Hubs
                .Where(h => h.Endpoint is IPEndPoint)
                .Select(h => new BootstrapHub(h.Name, h.PublicKey, (IPEndPoint)h.Endpoint, h.Address))],
        };
        return DesiredStateBuilder.Build(new DesiredStateInput(settings, self, [], new Dictionary<string, DirectPathState>()));
    }

    // A bridge without a mesh still forwards and keeps bridged frames out of iptables.
    private static DesiredState BridgeOnly() => new(
        new DesiredInterface("none", [], 0, 0, []),
        [],
        new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["net.ipv4.ip_forward"] = "1",
            ["net.bridge.bridge-nf-call-iptables"] = "0",
            ["net.bridge.bridge-nf-call-ip6tables"] = "0",
        },
        [],
        []);
}
