using MeshAgent.Core.Mesh;
using MeshAgent.Core.Records;
using MeshAgent.Daemon.Events;
using Microsoft.Extensions.Logging;

namespace MeshAgent.Daemon.Mesh;

/// <summary>
/// Takes path reports from gossip into the <see cref="PathReportBook"/>, and drops the report of a member that
/// fails, leaves or loses its record. Who may report: a part is accepted only (1) through gossip, which with
/// <c>gossip.key_file</c> authenticates every packet with the mesh's AES-GCM key and runs over mesh addresses
/// inside the WireGuard tunnels; (2) for a node name that holds a verified record (signed by the authority) and
/// is not failed or left; (3) never under this node's own name; (4) not dated more than
/// <see cref="PathReportBook.MaxClockSkew"/> ahead. Reports are not signed by their node (nodes hold no signing
/// key), so a member holding the gossip key could forge another's report: reports therefore feed only the
/// operator's view (graph, events), never the desired state, routing or alerts. Thread-safe.
/// </summary>
public sealed partial class PathReportIntake
{
    private readonly PathReportBook _book;
    private readonly MeshState _mesh;
    private readonly PathReportMetrics _metrics;
    private readonly IMeshEventPublisher? _events;
    private readonly TimeProvider _time;
    private readonly ILogger<PathReportIntake> _logger;
    private readonly string _self;

    /// <summary>Creates the intake and starts dropping reports of members that go.</summary>
    public PathReportIntake(PathReportBook book, MeshState mesh, PathReportMetrics metrics, string selfName, TimeProvider time, ILogger<PathReportIntake> logger, IMeshEventPublisher? events = null)
    {
        _book = book ?? throw new ArgumentNullException(nameof(book));
        _mesh = mesh ?? throw new ArgumentNullException(nameof(mesh));
        _metrics = metrics ?? throw new ArgumentNullException(nameof(metrics));
        _time = time ?? throw new ArgumentNullException(nameof(time));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
        _self = selfName;
        _events = events;
        mesh.Changed += _ => Prune();
    }

    /// <summary>Takes one gossip payload that starts like a path report; <paramref name="source"/> is for the log.</summary>
    /// <returns>True when the part was new here (it completed a newer report or waits for the rest of one): gossip passes such parts on once.</returns>
    public bool Take(byte[] payload, string source)
    {
        PathReport part;
        try
        {
            part = PathReportCodec.Decode(payload);
        }
        catch (RecordFormatException e)
        {
            return Drop("malformed", source, e.Message);
        }

        if (part.Node == _self)
        {
            // Gossip never hands a node its own broadcast back: this is another node using our name.
            return Drop("own_name", source, part.Node);
        }

        if (!MayReport(part.Node))
        {
            return Drop("unknown_node", source, part.Node);
        }

        var before = _book.Reports.GetValueOrDefault(part.Node);
        var now = _time.GetUtcNow();
        switch (_book.Offer(part, now))
        {
            case PathReportOutcome.FromTheFuture:
                return Drop("from_the_future", source, part.Node);
            case PathReportOutcome.Completed:
                _metrics.Taken();
                var after = _book.Reports.GetValueOrDefault(part.Node);
                if (after is not null && Shape(before) != Shape(after))
                {
                    _events?.Publish(new MeshEvent(MeshEventTypes.PathReport, part.Node, Shape(after), now));
                }

                return true;
            case PathReportOutcome.Partial:
                return true;
            default:
                return false;
        }
    }

    /// <summary>Drops the reports of nodes that may no longer report.</summary>
    public void Prune()
    {
        foreach (var name in _book.Retain(MayReport))
        {
            Log.ReportDropped(_logger, name);
        }
    }

    private bool MayReport(string name) =>
        name != _self
        && _mesh.Book.Find(name) is not null
        && (!_mesh.Liveness.TryGetValue(name, out var liveness) || liveness is MemberLiveness.Alive or MemberLiveness.Suspect);

    /// <summary>What the view draws from a report: peers with their kinds; counters and ages left out.</summary>
    private static string? Shape(HeldPathReport? report) =>
        report is null ? null : string.Join(", ", report.Edges.Select(e => e.Via is null ? $"{e.Peer} {e.Kind}" : $"{e.Peer} {e.Kind} via {e.Via}").Order(StringComparer.Ordinal));

    private bool Drop(string reason, string source, string detail)
    {
        _metrics.Dropped(reason);
        Log.PartDropped(_logger, reason, source, detail);
        return false;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1520, Level = LogLevel.Debug, Message = "Path report part dropped ({Reason}) from {Source}: {Detail}")]
        public static partial void PartDropped(ILogger logger, string reason, string source, string detail);

        [LoggerMessage(EventId = 1521, Level = LogLevel.Debug, Message = "Path report of {Node} dropped: the member failed, left or lost its record")]
        public static partial void ReportDropped(ILogger logger, string node);
    }
}
