using System.Diagnostics.Metrics;
using MeshAgent.Daemon.Prometheus;

namespace MeshAgent.Daemon.Tests.Prometheus;

/// <summary>Our bridge from System.Diagnostics.Metrics instruments into prometheus-net, read through its exposition.</summary>
public class MetricsExporterTests
{
    private string _meterName = string.Empty;

    [SetUp]
    public void NameMeter() => _meterName = "MeshAgent.Test." + Guid.NewGuid().ToString("N");

    [Test]
    public async Task Collect_CounterWithoutTotalInName_ExportsTotalSuffixAndSumsPerLabelSet()
    {
        using var meter = new Meter(_meterName);
        using var collector = Collector();
        var counter = meter.CreateCounter<long>("meshagent_packets", description: "Packets.");

        counter.Add(2, new KeyValuePair<string, object?>("dir", "in"));
        counter.Add(3, new KeyValuePair<string, object?>("dir", "in"));
        counter.Add(1, new KeyValuePair<string, object?>("dir", "out"));

        var text = await collector.ScrapeAsync();
        Assert.That(text, Does.Contain("# TYPE meshagent_packets_total counter\n"));
        Assert.That(text, Does.Contain("meshagent_packets_total{dir=\"in\"} 5\n"));
        Assert.That(text, Does.Contain("meshagent_packets_total{dir=\"out\"} 1\n"));
    }

    [Test]
    public async Task Collect_HistogramWithAdvice_UsesAdvisedBucketsCumulatively()
    {
        using var meter = new Meter(_meterName);
        using var collector = Collector();
        var histogram = meter.CreateHistogram("meshagent_wait", unit: "s", description: "Wait.", tags: null,
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.5, 1] });

        histogram.Record(0.2);
        histogram.Record(0.5);
        histogram.Record(3);

        var text = await collector.ScrapeAsync();
        Assert.That(text, Does.Contain("meshagent_wait_seconds_bucket{le=\"0.5\"} 2\n"));
        Assert.That(text, Does.Contain("meshagent_wait_seconds_bucket{le=\"1\"} 2\n"));
        Assert.That(text, Does.Contain("meshagent_wait_seconds_bucket{le=\"+Inf\"} 3\n"));
        Assert.That(text, Does.Contain("meshagent_wait_seconds_sum 3.7\n"));
        Assert.That(text, Does.Contain("meshagent_wait_seconds_count 3\n"));
    }

    [Test]
    public async Task Collect_ObservableGauge_CallbackRunsPerScrapeAndGoneSeriesDisappear()
    {
        using var meter = new Meter(_meterName);
        using var collector = Collector();
        var peers = new List<string> { "a", "b" };
        var calls = 0;
        meter.CreateObservableGauge("meshagent_peer_age_seconds", () =>
        {
            calls++;
            return peers.Select(p => new Measurement<double>(calls, new KeyValuePair<string, object?>("peer", p)));
        });

        var first = await collector.ScrapeAsync();
        peers.Remove("a");
        var second = await collector.ScrapeAsync();

        Assert.That(calls, Is.EqualTo(2));
        Assert.That(first, Does.Contain("meshagent_peer_age_seconds{peer=\"a\"} 1\n"));
        Assert.That(second, Does.Not.Contain("peer=\"a\""));
        Assert.That(second, Does.Contain("meshagent_peer_age_seconds{peer=\"b\"} 2\n"));
    }

    [Test]
    public async Task Collect_MeterDisposed_ItsFamiliesDisappear()
    {
        using var collector = Collector();
        var meter = new Meter(_meterName);
        meter.CreateCounter<int>("meshagent_gone_total").Add(1);
        Assert.That(await collector.ScrapeAsync(), Does.Contain("meshagent_gone_total 1"));

        meter.Dispose();

        // The library keeps the family's HELP and TYPE; what matters to Prometheus is that no sample is left.
        Assert.That(SampleLines(await collector.ScrapeAsync(), "meshagent_gone_total"), Is.Empty);
    }

    [Test]
    public async Task Collect_TwoCountersWithOneName_OneFamilyOneSeriesAndTheGaugeIsRefused()
    {
        using var first = new Meter(_meterName);
        using var second = new Meter(_meterName);
        using var collector = Collector();
        first.CreateCounter<long>("meshagent_events_total").Add(2, new KeyValuePair<string, object?>("k", "v"));
        second.CreateCounter<long>("meshagent_events_total").Add(5, new KeyValuePair<string, object?>("k", "v"));
        second.CreateObservableGauge("meshagent_events_total", () => 1);

        var text = await collector.ScrapeAsync();

        Assert.That(text.Split('\n').Count(l => l.StartsWith("# TYPE meshagent_events_total", StringComparison.Ordinal)), Is.EqualTo(1));
        Assert.That(text.Split('\n').Count(l => l.StartsWith("meshagent_events_total", StringComparison.Ordinal)), Is.EqualTo(1));
        Assert.That(text, Does.Contain("meshagent_events_total{k=\"v\"} 7\n"));

    }

    [Test]
    public async Task Collect_TagKeyWithDotAndOtherMeter_SanitisesLabelAndIgnoresForeignMeter()
    {
        using var meter = new Meter(_meterName);
        using var foreign = new Meter("Foreign." + _meterName);
        using var collector = Collector();
        meter.CreateUpDownCounter<int>("meshagent.queue.depth").Add(4, new KeyValuePair<string, object?>("queue.name", "q\"1"));
        foreign.CreateCounter<int>("foreign_total").Add(1);

        var text = await collector.ScrapeAsync();

        Assert.That(text, Does.Contain("# TYPE meshagent_queue_depth gauge\n"));
        Assert.That(text, Does.Contain("meshagent_queue_depth{queue_name=\"q\\\"1\"} 4\n"));
        Assert.That(text, Does.Not.Contain("foreign_total"));
    }

    [Test]
    public void IsMeshAgentMeter_PrefixWithoutDot_IsNotOurs()
    {
        using var ours = new Meter("MeshAgent.WireGuard");
        using var exact = new Meter("MeshAgent");
        using var lookalike = new Meter("MeshAgentX");

        Assert.That(MetricsExporter.IsMeshAgentMeter(ours), Is.True);
        Assert.That(MetricsExporter.IsMeshAgentMeter(exact), Is.True);
        Assert.That(MetricsExporter.IsMeshAgentMeter(lookalike), Is.False);
    }

    [Test]
    public async Task Collect_ObservableCounterGoesDown_SeriesRestartsAtTheNewValue()
    {
        using var meter = new Meter(_meterName);
        using var collector = Collector();
        var value = 10L;
        meter.CreateObservableCounter("meshagent_bytes_total", () => value);

        var first = await collector.ScrapeAsync();
        value = 3;
        var second = await collector.ScrapeAsync();

        Assert.That(first, Does.Contain("meshagent_bytes_total 10\n"));
        Assert.That(second, Does.Contain("meshagent_bytes_total 3\n"), "a source that restarted is a counter reset, not a stuck counter");
    }

    [Test]
    public async Task Collect_TagsInAnyOrder_OneSeriesWithLabelsSortedByName()
    {
        using var meter = new Meter(_meterName);
        using var collector = Collector();
        var counter = meter.CreateCounter<long>("meshagent_hits_total");

        counter.Add(1, new KeyValuePair<string, object?>("b", "2"), new KeyValuePair<string, object?>("a", "1"));
        counter.Add(1, new KeyValuePair<string, object?>("a", "1"), new KeyValuePair<string, object?>("b", "2"));
        counter.Add(1, new KeyValuePair<string, object?>("a", "1"));

        var text = await collector.ScrapeAsync();
        Assert.That(text, Does.Contain("meshagent_hits_total{a=\"1\",b=\"2\"} 2\n"));
        Assert.That(SampleLines(text, "meshagent_hits_total"), Has.Count.EqualTo(1), "a measurement with other label names is dropped");
    }

    private static List<string> SampleLines(string text, string family) =>
        [.. text.Split('\n').Where(l => l.StartsWith(family, StringComparison.Ordinal) && l.Length > family.Length && l[family.Length] is ' ' or '{')];

    private MetricsExporter Collector()
    {
        var name = _meterName;
        return new MetricsExporter(m => m.Name == name, includeProcessMetrics: false);
    }
}
