namespace MeshAgent.Daemon.Prometheus;

/// <summary>All series of one metric name, as written under one HELP/TYPE header.</summary>
/// <param name="Name">The metric name; a counter's ends in <c>_total</c>.</param>
/// <param name="Help">One line of help text.</param>
/// <param name="Type">The metric type.</param>
/// <param name="Series">The series; label sets must be unique.</param>
public sealed record MetricFamily(string Name, string Help, MetricType Type, IReadOnlyList<MetricSeries> Series);
