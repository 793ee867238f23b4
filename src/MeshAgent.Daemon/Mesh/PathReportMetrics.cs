using System.Diagnostics.Metrics;

namespace MeshAgent.Daemon.Mesh;

/// <summary>Instruments of the meter "MeshAgent.PathReports": reports sent, taken and dropped by reason, reports held. Thread-safe.</summary>
public sealed class PathReportMetrics : IDisposable
{
    /// <summary>Name of the meter.</summary>
    public const string MeterName = "MeshAgent.PathReports";

    /// <summary>Every reason a received part is dropped, as the <c>reason</c> label says it.</summary>
    public static readonly IReadOnlyList<string> DropReasons = ["malformed", "unknown_node", "own_name", "from_the_future"];

    private readonly Meter _meter = new(MeterName);
    private readonly Counter<long> _sent;
    private readonly Counter<long> _taken;
    private readonly Counter<long> _dropped;

    /// <summary>Creates the instruments; <paramref name="held"/> is read at each scrape.</summary>
    public PathReportMetrics(Func<int> held)
    {
        ArgumentNullException.ThrowIfNull(held);
        _sent = _meter.CreateCounter<long>("meshagent_path_reports_sent_total", description: "Path reports of this node gossiped (each may take several parts).");
        _taken = _meter.CreateCounter<long>("meshagent_path_reports_received_total", description: "Complete path reports of other nodes taken (newer than the one held).");
        _dropped = _meter.CreateCounter<long>("meshagent_path_reports_dropped_total", description: "Path report parts dropped, by reason (malformed, unknown_node, own_name, from_the_future).");
        _sent.Add(0);
        _taken.Add(0);
        foreach (var reason in DropReasons)
        {
            _dropped.Add(0, new KeyValuePair<string, object?>("reason", reason));
        }

        _meter.CreateObservableGauge("meshagent_path_reports_held", () => held(), description: "Nodes whose path report this node holds.");
    }

    /// <summary>Counts a report of this node sent.</summary>
    public void Sent() => _sent.Add(1);

    /// <summary>Counts a complete report taken.</summary>
    public void Taken() => _taken.Add(1);

    /// <summary>Counts a part dropped for <paramref name="reason"/>, one of <see cref="DropReasons"/>.</summary>
    public void Dropped(string reason) => _dropped.Add(1, new KeyValuePair<string, object?>("reason", reason));

    /// <inheritdoc />
    public void Dispose() => _meter.Dispose();
}
