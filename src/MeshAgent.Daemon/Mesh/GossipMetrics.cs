using System.Diagnostics.Metrics;
using MeshAgent.Daemon.Prometheus;
using MeshAgent.Gossip.Membership;

namespace MeshAgent.Daemon.Mesh;

/// <summary>
/// The SWIM layer's own counters on the meter "MeshAgent.Gossip", read at scrape time from the running
/// membership's <see cref="GossipStatistics"/> (absent until gossip starts, which waits for this node's
/// record). Members by state here is gossip's raw view, every member it knows, whether or not it holds a
/// verified record (that view is <c>meshagent_mesh_members</c>).
/// </summary>
public sealed class GossipMetrics : IScrapeSource, IDisposable
{
    /// <summary>Name of the meter.</summary>
    public const string MeterName = "MeshAgent.Gossip";

    private static readonly string[] States = ["alive", "suspect", "failed", "left"];

    private readonly Meter _meter = new(MeterName);
    private readonly Func<GossipMembership?> _membership;

    /// <summary>Creates the instruments over <paramref name="membership"/>, asked at every scrape.</summary>
    public GossipMetrics(Func<GossipMembership?> membership)
    {
        _membership = membership ?? throw new ArgumentNullException(nameof(membership));
        _meter.CreateObservableGauge("meshagent_gossip_members", Members, description: "Members gossip knows, this node included, by state (alive, suspect, failed, left).");
        Counter("meshagent_gossip_probes_total", s => s.Probes, "Probes this node started.");
        Counter("meshagent_gossip_probes_failed_total", s => s.FailedProbes, "Probes that ended without any ack, direct or indirect.");
        Counter("meshagent_gossip_suspicions_total", s => s.Suspicions, "Suspicions of other members this node started to hold.");
        Counter("meshagent_gossip_refutations_total", s => s.Refutations, "Suspicions or deaths about this node that it refuted.");
        Counter("meshagent_gossip_packets_sent_total", s => s.PacketsSent, "UDP gossip packets sent.");
        Counter("meshagent_gossip_packets_received_total", s => s.PacketsReceived, "UDP gossip packets received.");
        Counter("meshagent_gossip_bytes_sent_total", s => s.BytesSent, "Bytes of UDP gossip packets sent.");
        Counter("meshagent_gossip_bytes_received_total", s => s.BytesReceived, "Bytes of UDP gossip packets received.");
        Counter("meshagent_gossip_streams_sent_total", s => s.StreamsSent, "TCP streams (push-pull, reliable messages) this node opened.");
        Counter("meshagent_gossip_streams_received_total", s => s.StreamsReceived, "TCP streams this node served.");
        _meter.CreateObservableCounter(
            "meshagent_gossip_malformed_total",
            () => _membership()?.Statistics is { } s
                ? [new Measurement<long>(s.MalformedPackets, new KeyValuePair<string, object?>("transport", "udp")),
                   new Measurement<long>(s.MalformedStreams, new KeyValuePair<string, object?>("transport", "tcp"))]
                : Array.Empty<Measurement<long>>(),
            description: "Gossip packets and streams dropped because they did not decode (framing, key, CRC, MessagePack).");
    }

    /// <inheritdoc />
    public Task RefreshAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    public void Dispose() => _meter.Dispose();

    private IEnumerable<Measurement<int>> Members()
    {
        if (_membership() is not { } membership)
        {
            return [];
        }

        var members = membership.Members;
        return States.Select(state => new Measurement<int>(
            members.Count(m => StateLabel(m.Status) == state),
            new KeyValuePair<string, object?>("state", state)));
    }

    private void Counter(string name, Func<GossipStatistics, long> read, string description) =>
        _meter.CreateObservableCounter(
            name,
            () => _membership()?.Statistics is { } s ? [new Measurement<long>(read(s))] : Array.Empty<Measurement<long>>(),
            description: description);

    private static string StateLabel(MemberStatus status) => status switch
    {
        MemberStatus.Alive => "alive",
        MemberStatus.Suspect => "suspect",
        MemberStatus.Failed => "failed",
        _ => "left",
    };
}
