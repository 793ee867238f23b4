namespace MeshAgent.Daemon.Prometheus;

/// <summary>The Prometheus metric types this exporter writes (text format 0.0.4 names).</summary>
public enum MetricType
{
    /// <summary>Monotonic total; the family name ends in <c>_total</c>.</summary>
    Counter,

    /// <summary>A value that goes up and down.</summary>
    Gauge,

    /// <summary>Cumulative buckets plus <c>_sum</c> and <c>_count</c>.</summary>
    Histogram,
}
