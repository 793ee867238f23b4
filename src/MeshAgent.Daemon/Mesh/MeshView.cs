using MeshAgent.Core.Api;
using MeshAgent.Core.Configuration;
using MeshAgent.Core.Mesh;
using MeshAgent.Core.Records;
using MeshAgent.Daemon.Hosting;
using MeshAgent.WireGuard;

namespace MeshAgent.Daemon.Mesh;

/// <summary>
/// The mesh as the API shows it: members (verified records and gossip state), this node's peers (desired
/// state joined with what wg0 reports), the graph, and the summary in <c>meshctl status</c>. Holds no state
/// of its own; never exposes a private key. Thread-safe.
/// </summary>
public sealed class MeshView(
    ConfigStore config,
    Lazy<NodeIdentity> identity,
    MeshDesiredStateSource source,
    TimeProvider time,
    MeshState? mesh = null,
    IWireGuardClient? wireGuard = null,
    Func<string>? admission = null,
    Commands.CommandState? commands = null,
    PathReportBook? reports = null)
{
    /// <summary>Every member with a verified record, this node included (state "self"), by name.</summary>
    public IReadOnlyList<MemberInfo> Members()
    {
        if (mesh is null)
        {
            return [];
        }

        var self = config.Current.Node.Name;
        return [.. mesh.Book.Records.Select(r => Describe(r.Record, r.Record.Name == self ? "self" : StateOf(r.Record.Name)) with
        {
            Isolated = commands?.IsIsolated(r.Record.WireGuardPublicKey) == true,
        })];
    }

    /// <summary>The member called <paramref name="name"/>, or null.</summary>
    public MemberInfo? Member(string name) => Members().FirstOrDefault(m => m.Name == name);

    /// <summary>This node's peers: the desired ones with the device's counters and handshakes.</summary>
    public async Task<IReadOnlyList<PeerInfo>> PeersAsync(CancellationToken cancellationToken)
    {
        var desired = source.Current()?.WireGuard;
        if (desired is null)
        {
            return [];
        }

        var actual = await ReadDeviceAsync(desired.Name, cancellationToken);
        var paths = mesh?.Paths ?? new Dictionary<string, DirectPathState>();
        return [.. desired.Peers.OrderBy(p => p.Name, StringComparer.Ordinal).Select(peer =>
        {
            var device = actual.GetValueOrDefault(peer.PublicKey);
            var path = peer.Kind == PathKind.Direct && config.Current.Mesh?.Role != MeshRole.Hub
                ? PathText(paths.GetValueOrDefault(peer.PublicKey, DirectPathState.Untried))
                : null;
            return new PeerInfo(
                peer.Name,
                peer.PublicKey,
                peer.Kind switch { PathKind.Hub => "hub", PathKind.Client => "client", _ => "direct" },
                path,
                (device?.Endpoint ?? peer.Endpoint)?.ToString(),
                [.. peer.AllowedIPs.Select(a => a.ToString())],
                device?.LastHandshake,
                device?.ReceiveBytes ?? 0,
                device?.TransmitBytes ?? 0)
            {
                Via = peer.Kind == PathKind.Direct ? ViaText(mesh?.Book.Records.FirstOrDefault(r => r.Record.WireGuardPublicKey == peer.PublicKey)?.Record.KindOf(peer.Endpoint)) : null,
            };
        })];
    }

    /// <summary>
    /// Every node and every path: this node's own, read now, joined with the newest report of every other node
    /// (see <see cref="WholeMeshGraph"/>).
    /// </summary>
    public async Task<MeshGraph> GraphAsync(CancellationToken cancellationToken)
    {
        var nodes = Members().Select(m => new GraphNode(m.Name, m.Role, m.MeshIPv4, m.State)).ToList();
        var own = await OwnPathsAsync(cancellationToken);
        return WholeMeshGraph.Build(config.Current.Node.Name, nodes, own, reports?.Reports.Values ?? [], time.GetUtcNow());
    }

    /// <summary>
    /// This node's paths as it reports them to the others: each tunnel with its kind (a direct peer whose direct
    /// path failed counts as relayed), handshake age and counters, and each member reached only through the
    /// primary hub as relayed.
    /// </summary>
    public async Task<List<PathReportEdge>> OwnPathsAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var peers = await PeersAsync(cancellationToken);
        var state = source.Current();
        var primaryHub = state?.WireGuard.Peers
            .Where(p => p.Kind == PathKind.Hub)
            .OrderByDescending(p => p.AllowedIPs.Count)
            .FirstOrDefault()?.Name;
        var paths = peers.Select(p =>
        {
            var kind = PeerMetrics.PathKindOf(p);
            long? age = p.LatestHandshake is { } at ? (long)Math.Max(0, (now - at).TotalSeconds) : null;
            return new PathReportEdge(p.Name, kind, kind == "relayed" ? primaryHub : null, age, p.ReceiveBytes, p.TransmitBytes);
        }).ToList();
        foreach (var relayed in state?.Relayed ?? [])
        {
            if (paths.All(p => p.Peer != relayed))
            {
                paths.Add(new PathReportEdge(relayed, "relayed", primaryHub, null, 0, 0));
            }
        }

        return paths;
    }

    /// <summary>The mesh part of <c>meshctl status</c>, or null without a mesh section.</summary>
    public MeshSummary? Summary()
    {
        var current = config.Current;
        if (current.Mesh is not { } meshConfig)
        {
            return null;
        }

        var state = source.Current();
        var own = mesh?.Self?.Record;
        var peers = state?.WireGuard.Peers ?? [];
        return new MeshSummary(
            identity.Value.PublicKey.ToBase64(),
            own?.MeshIPv4.ToString() ?? meshConfig.Address?.Address.ToString(),
            (own?.Role ?? (meshConfig.Role == MeshRole.Hub ? NodeRole.Hub : NodeRole.Spoke)) == NodeRole.Hub ? "hub" : "spoke",
            mesh is null ? "unsigned" : own is not null ? "admitted" : admission?.Invoke() ?? "waiting for its record",
            own?.ExpiresAt,
            mesh?.CountByState() ?? new Dictionary<string, int>(),
            peers.Count(p => p.Kind == PathKind.Direct),
            peers.Count(p => p.Kind == PathKind.Hub),
            state?.Relayed.Count ?? 0,
            state?.Problems ?? [],
            commands?.IsolatedNames ?? [],
            commands?.HasLeft == true);
    }

    private string StateOf(string name) =>
        mesh!.Liveness.TryGetValue(name, out var liveness) ? MeshState.StateLabel(liveness) : "unknown";

    /// <summary>The API's view of <paramref name="record"/> with gossip state <paramref name="state"/>.</summary>
    public static MemberInfo Describe(NodeRecord record, string state) => new(
        record.Name,
        record.WireGuardPublicKey,
        record.MeshIPv4.ToString(),
        record.MeshIPv6?.ToString(),
        Authority.AdmissionInput.RoleText(record.Role),
        [.. record.Endpoints.Select(e => e.ToString())],
        [.. record.Subnets.Select(s => s.ToString())],
        state,
        record.Serial,
        record.ExpiresAt);

    /// <summary>How a direct peer's endpoint was found, as <c>meshctl peers</c> shows it; null when unknown.</summary>
    public static string? ViaText(Core.Records.EndpointKind? kind) => kind switch
    {
        Core.Records.EndpointKind.Configured => "configured",
        Core.Records.EndpointKind.Mapped => "mapped",
        Core.Records.EndpointKind.Observed => "punched",
        _ => null,
    };

    /// <summary>The API's word for a direct path's health.</summary>
    public static string PathText(DirectPathState state) => state switch
    {
        DirectPathState.Trying => "trying",
        DirectPathState.Established => "established",
        DirectPathState.Failed => "failed",
        _ => "untried",
    };

    private async Task<Dictionary<string, WireGuardPeer>> ReadDeviceAsync(string name, CancellationToken cancellationToken)
    {
        if (wireGuard is null)
        {
            return [];
        }

        try
        {
            var device = await wireGuard.GetDeviceAsync(name, cancellationToken);
            return device.Peers.ToDictionary(p => p.PublicKey.ToBase64(), StringComparer.Ordinal);
        }
        catch (WireGuardException)
        {
            return [];
        }
    }
}
