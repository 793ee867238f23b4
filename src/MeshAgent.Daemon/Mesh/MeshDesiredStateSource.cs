using System.Net;
using MeshAgent.Core.Configuration;
using MeshAgent.Core.Mesh;
using MeshAgent.Core.Records;
using MeshAgent.Daemon.Hosting;

namespace MeshAgent.Daemon.Mesh;

/// <summary>
/// Turns the current config, this node's identity and what <see cref="MeshState"/> knows (its signed record,
/// the verified member records, liveness, direct-path health) into the <see cref="DesiredState"/> the
/// reconcilers apply. Without an authority section the config is trusted: the node's own record is built
/// from it, unsigned, and a spoke peers with the hubs its config names. With one, nothing is configured
/// before the node holds its signed record. Recomputed on every call (cheap, pure), so a reload or a
/// gossip event takes effect on the next reconcile.
/// </summary>
public sealed class MeshDesiredStateSource(ConfigStore config, Lazy<NodeIdentity> identity, TimeProvider time, MeshState? meshState = null, Commands.CommandState? commands = null)
{
    /// <summary>The desired state, or null when neither the mesh nor a bridge is configured.</summary>
    public DesiredState? Current()
    {
        var current = config.Current;
        if (current.Mesh is { } signedMesh && meshState is not null)
        {
            return meshState.Self is { } own
                ? DesiredStateBuilder.Build(SignedInput(current, signedMesh, own.Record, meshState.Paths))
                : null;
        }

        if (current.Mesh is not { Address: not null } mesh)
        {
            return current.Vrb?.Lan is null ? null : DesiredStateBuilder.BridgeOnly();
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
        return DesiredStateBuilder.Build(new DesiredStateInput(Settings(current, mesh), self, [], new Dictionary<string, DirectPathState>()));
    }

    /// <summary>
    /// Public keys of the members this spoke would give a direct peer if every path were healthy: the
    /// candidates whose handshakes the path monitor watches. Empty on hubs and before admission.
    /// </summary>
    public IReadOnlyList<string> DirectCandidates()
    {
        var current = config.Current;
        if (current.Mesh is not { } signedMesh || meshState?.Self is not { } own || own.Record.Role == NodeRole.Hub)
        {
            return [];
        }

        var untried = DesiredStateBuilder.Build(SignedInput(current, signedMesh, own.Record, new Dictionary<string, DirectPathState>()));
        return [.. untried.WireGuard.Peers.Where(p => p.Kind == PathKind.Direct).Select(p => p.PublicKey)];
    }

    /// <summary>
    /// The builder's input for a node with its record. Authority commands apply here: isolated keys are left out,
    /// and a node that has left the mesh keeps no member and no bootstrap hub (no peers at all).
    /// </summary>
    private DesiredStateInput SignedInput(AgentConfig current, MeshConfig mesh, NodeRecord own, IReadOnlyDictionary<string, DirectPathState> paths)
    {
        var settings = Settings(current, mesh);
        var left = commands?.HasLeft == true;
        return new DesiredStateInput(left ? settings with { BootstrapHubs = [] } : settings, own, left ? [] : meshState!.Members(), paths)
        {
            Isolated = commands?.IsolatedKeys ?? new HashSet<string>(),
        };
    }

    /// <summary>The parts of the config the builder reads.</summary>
    public static MeshSettings Settings(AgentConfig current, MeshConfig mesh)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(mesh);
        return new MeshSettings
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
    }
}
