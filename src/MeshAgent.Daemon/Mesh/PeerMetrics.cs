using System.Diagnostics.Metrics;
using MeshAgent.Core.Api;
using MeshAgent.Core.Mesh;
using MeshAgent.Daemon.Prometheus;

namespace MeshAgent.Daemon.Mesh;

/// <summary>
/// Per-peer series on the meter "MeshAgent.Peers", read from wg0 at scrape time (through
/// <see cref="MeshView.PeersAsync"/>, the same join of desired peers and device counters that
/// <c>meshctl peers</c> shows). Labels: <c>peer</c> (the member's name) and <c>key</c> (the first
/// <see cref="KeyLabelLength"/> characters of its WireGuard public key, as <c>wg show</c> users recognise
/// it, so a re-keyed member starts new series). A peer that leaves the desired state leaves every series.
/// </summary>
public sealed class PeerMetrics : IScrapeSource, IDisposable
{
    /// <summary>Name of the meter.</summary>
    public const string MeterName = "MeshAgent.Peers";

    /// <summary>Characters of the base64 public key in the <c>key</c> label.</summary>
    public const int KeyLabelLength = 8;

    private readonly Meter _meter = new(MeterName);
    private readonly Func<CancellationToken, Task<IReadOnlyList<PeerInfo>>> _readPeers;
    private readonly Func<IReadOnlyList<string>> _relayed;
    private readonly Func<string, bool> _expectedUp;
    private volatile Snapshot _snapshot = new([], []);

    /// <summary>Creates the instruments over the daemon's view of the mesh.</summary>
    public PeerMetrics(MeshView view, MeshDesiredStateSource source, MeshState? mesh = null)
        : this(
            (view ?? throw new ArgumentNullException(nameof(view))).PeersAsync,
            () => (source ?? throw new ArgumentNullException(nameof(source))).Current()?.Relayed ?? [],
            name => mesh is null || !mesh.Liveness.TryGetValue(name, out var liveness) || liveness is MemberLiveness.Alive)
    {
    }

    /// <summary>Creates the instruments over explicit readers (tests).</summary>
    /// <param name="readPeers">This node's peers with their device counters, read once per scrape.</param>
    /// <param name="relayed">Members reached only through a hub.</param>
    /// <param name="expectedUp">Whether gossip expects the member by that name to be up.</param>
    public PeerMetrics(Func<CancellationToken, Task<IReadOnlyList<PeerInfo>>> readPeers, Func<IReadOnlyList<string>> relayed, Func<string, bool> expectedUp)
    {
        _readPeers = readPeers ?? throw new ArgumentNullException(nameof(readPeers));
        _relayed = relayed ?? throw new ArgumentNullException(nameof(relayed));
        _expectedUp = expectedUp ?? throw new ArgumentNullException(nameof(expectedUp));
        _meter.CreateObservableGauge(
            "meshagent_peer_last_handshake_seconds",
            () => _snapshot.Peers.Select(p => new Measurement<double>(
                p.LatestHandshake is { } at ? at.ToUnixTimeMilliseconds() / 1000.0 : 0,
                Peer(p), Key(p), new("kind", p.Path))),
            description: "Unix time of the last WireGuard handshake with the peer (0 before the first); kind is hub or direct.");
        _meter.CreateObservableCounter(
            "meshagent_peer_receive_bytes_total",
            () => _snapshot.Peers.Select(p => new Measurement<long>(p.ReceiveBytes, Peer(p), Key(p))),
            description: "Bytes received from the peer over WireGuard.");
        _meter.CreateObservableCounter(
            "meshagent_peer_transmit_bytes_total",
            () => _snapshot.Peers.Select(p => new Measurement<long>(p.TransmitBytes, Peer(p), Key(p))),
            description: "Bytes sent to the peer over WireGuard.");
        _meter.CreateObservableGauge(
            "meshagent_peer_expected_up",
            () => _snapshot.Peers.Select(p => new Measurement<int>(ExpectedUp(p.Name) ? 1 : 0, Peer(p))),
            description: "1 while the peer's member is alive (or not yet seen) in gossip, else 0.");
        _meter.CreateObservableGauge(
            "meshagent_peer_path_info",
            () => _snapshot.Peers.Select(p => new Measurement<int>(1, Peer(p), new("kind", PathKindOf(p))))
                .Concat(_snapshot.Relayed.Select(name => new Measurement<int>(1, new("peer", name), new("kind", "relayed")))),
            description: "Always 1; kind is how traffic to the member goes: hub, direct (tunnel up), or relayed (through a hub).");
        _meter.CreateObservableGauge(
            "meshagent_peer_direct_via_info",
            () => _snapshot.Peers.Where(p => p.Via is not null && PathKindOf(p) == "direct")
                .Select(p => new Measurement<int>(1, Peer(p), new("via", p.Via))),
            description: "Always 1 for a direct peer; via is how its endpoint was found: configured, mapped (port mapping) or punched (hub-observed).");
    }

    /// <inheritdoc />
    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        var peers = await _readPeers(cancellationToken).ConfigureAwait(false);
        _snapshot = new Snapshot(peers, _relayed());
    }

    /// <inheritdoc />
    public void Dispose() => _meter.Dispose();

    /// <summary>A direct peer whose direct path failed carries its traffic through the hub: that is relayed.</summary>
    internal static string PathKindOf(PeerInfo peer) => peer.Path == "direct" && peer.DirectPath == "failed" ? "relayed" : peer.Path;

    private bool ExpectedUp(string name) => _expectedUp(name);

    private static KeyValuePair<string, object?> Peer(PeerInfo peer) => new("peer", peer.Name);

    private static KeyValuePair<string, object?> Key(PeerInfo peer) =>
        new("key", peer.PublicKey.Length > KeyLabelLength ? peer.PublicKey[..KeyLabelLength] : peer.PublicKey);

    private sealed record Snapshot(IReadOnlyList<PeerInfo> Peers, IReadOnlyCollection<string> Relayed);
}
