using MeshAgent.Daemon.Prometheus;

namespace MeshAgent.Daemon.Tests.Prometheus;

public class PrometheusTextWriterTests
{
    [Test]
    public void Write_LabelValueWithBackslashQuoteAndNewline_EscapesAllThree()
    {
        var family = new MetricFamily("x_info", "help", MetricType.Gauge, [new MetricSeries(LabelSet.Of(("path", "C:\\a \"b\"\nc")), 1)]);

        var text = PrometheusTextWriter.Write([family]);

        Assert.That(text, Does.Contain("x_info{path=\"C:\\\\a \\\"b\\\"\\nc\"} 1\n"));
    }

    [Test]
    public void Write_HelpWithBackslashAndNewline_EscapesThemButNotQuotes()
    {
        var family = new MetricFamily("x", "a \\ \"q\"\nnext", MetricType.Gauge, []);

        var text = PrometheusTextWriter.Write([family]);

        Assert.That(text, Does.StartWith("# HELP x a \\\\ \"q\"\\nnext\n# TYPE x gauge\n"));
    }

    [Test]
    public void Write_Histogram_CumulativeBucketsEndingInInfThenSumAndCount()
    {
        var histogram = new HistogramValue([0.1, 1, 10], [2, 3, 0, 1], 17.5);
        var family = new MetricFamily("d_seconds", "h", MetricType.Histogram, [new MetricSeries(LabelSet.Of(("subsystem", "wg")), 0, histogram)]);

        var text = PrometheusTextWriter.Write([family]);

        Assert.That(text, Is.EqualTo(
            "# HELP d_seconds h\n" +
            "# TYPE d_seconds histogram\n" +
            "d_seconds_bucket{subsystem=\"wg\",le=\"0.1\"} 2\n" +
            "d_seconds_bucket{subsystem=\"wg\",le=\"1\"} 5\n" +
            "d_seconds_bucket{subsystem=\"wg\",le=\"10\"} 5\n" +
            "d_seconds_bucket{subsystem=\"wg\",le=\"+Inf\"} 6\n" +
            "d_seconds_sum{subsystem=\"wg\"} 17.5\n" +
            "d_seconds_count{subsystem=\"wg\"} 6\n"));
    }

    [Test]
    public void Write_DuplicateSeries_Throws()
    {
        var family = new MetricFamily("x_total", "h", MetricType.Counter,
        [
            new MetricSeries(LabelSet.Of(("a", "1"), ("b", "2")), 1),
            new MetricSeries(LabelSet.Of(("b", "2"), ("a", "1")), 2),
        ]);

        Assert.That(() => PrometheusTextWriter.Write([family]), Throws.ArgumentException.With.Message.Contains("duplicate series"));
    }

    [Test]
    public void Write_DuplicateFamily_Throws()
    {
        MetricFamily[] families =
        [
            new("x", "h", MetricType.Gauge, []),
            new("x", "h", MetricType.Gauge, []),
        ];

        Assert.That(() => PrometheusTextWriter.Write(families), Throws.ArgumentException.With.Message.Contains("duplicate metric family"));
    }

    [Test]
    public void Write_CounterWithoutTotalSuffix_Throws()
    {
        var family = new MetricFamily("requests", "h", MetricType.Counter, []);

        Assert.That(() => PrometheusTextWriter.Write([family]), Throws.ArgumentException.With.Message.Contains("_total"));
    }

    [TestCase("1abc")]
    [TestCase("a-b")]
    [TestCase("")]
    public void Write_InvalidMetricName_Throws(string name)
    {
        var family = new MetricFamily(name, "h", MetricType.Gauge, []);

        Assert.That(() => PrometheusTextWriter.Write([family]), Throws.ArgumentException);
    }

    [TestCase("__reserved")]
    [TestCase("a.b")]
    public void Write_InvalidLabelName_Throws(string label)
    {
        var family = new MetricFamily("x", "h", MetricType.Gauge, [new MetricSeries(LabelSet.Of((label, "v")), 1)]);

        Assert.That(() => PrometheusTextWriter.Write([family]), Throws.ArgumentException);
    }

    [Test]
    public void Write_FamiliesAndSeriesInAnyOrder_SortsThemStably()
    {
        MetricFamily[] families =
        [
            new("zeta", "h", MetricType.Gauge, [new MetricSeries(LabelSet.Of(("k", "b")), 2), new MetricSeries(LabelSet.Of(("k", "a")), 1)]),
            new("alpha", "h", MetricType.Gauge, [new MetricSeries(LabelSet.Empty, 3)]),
        ];

        var once = PrometheusTextWriter.Write(families);
        var reversed = PrometheusTextWriter.Write(families.Reverse().Select(f => f with { Series = [.. f.Series.Reverse()] }));

        Assert.That(once, Is.EqualTo(reversed));
        Assert.That(once.IndexOf("alpha 3", StringComparison.Ordinal), Is.LessThan(once.IndexOf("zeta{k=\"a\"} 1", StringComparison.Ordinal)));
        Assert.That(once.IndexOf("zeta{k=\"a\"} 1", StringComparison.Ordinal), Is.LessThan(once.IndexOf("zeta{k=\"b\"} 2", StringComparison.Ordinal)));
    }

    [TestCase(double.NaN, "NaN")]
    [TestCase(double.PositiveInfinity, "+Inf")]
    [TestCase(double.NegativeInfinity, "-Inf")]
    [TestCase(0.1, "0.1")]
    [TestCase(1e21, "1E+21")]
    [TestCase(-3.0, "-3")]
    public void FormatValue_SpecialAndOrdinaryValues_UsesPrometheusSpelling(double value, string expected) =>
        Assert.That(PrometheusTextWriter.FormatValue(value), Is.EqualTo(expected));
}
