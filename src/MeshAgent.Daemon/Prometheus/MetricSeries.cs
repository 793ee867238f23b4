namespace MeshAgent.Daemon.Prometheus;

/// <summary>One time series of a family: its labels and either a value or a histogram.</summary>
/// <param name="Labels">The series' labels (without <c>le</c>).</param>
/// <param name="Value">The value of a counter or gauge; ignored for histograms.</param>
/// <param name="Histogram">The histogram snapshot of a histogram family; null otherwise.</param>
public sealed record MetricSeries(LabelSet Labels, double Value, HistogramValue? Histogram = null);
