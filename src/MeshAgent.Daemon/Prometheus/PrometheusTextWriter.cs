using System.Globalization;
using System.Text;

namespace MeshAgent.Daemon.Prometheus;

/// <summary>
/// Writes metric families in the Prometheus text exposition format 0.0.4: HELP and TYPE per family,
/// families sorted by name and series by labels (ordinal, so output is stable between scrapes),
/// histograms as cumulative <c>_bucket{le=...}</c> lines ending in <c>+Inf</c>, then <c>_sum</c> and
/// <c>_count</c>. Rejects what Prometheus would reject or misread: invalid names, a counter not ending in
/// <c>_total</c>, duplicate families and duplicate series. Stateless; thread-safe.
/// </summary>
public static class PrometheusTextWriter
{
    /// <summary>The Content-Type of a scrape response in this format.</summary>
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    /// <summary>Writes <paramref name="families"/> to a string.</summary>
    /// <exception cref="ArgumentException">A name is invalid, or a family or series is duplicated.</exception>
    public static string Write(IEnumerable<MetricFamily> families)
    {
        var text = new StringBuilder();
        using var writer = new StringWriter(text, CultureInfo.InvariantCulture);
        Write(writer, families);
        return text.ToString();
    }

    /// <summary>Writes <paramref name="families"/> to <paramref name="writer"/> with '\n' line ends.</summary>
    /// <exception cref="ArgumentException">A name is invalid, or a family or series is duplicated.</exception>
    public static void Write(TextWriter writer, IEnumerable<MetricFamily> families)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(families);
        var sorted = families.OrderBy(f => f.Name, StringComparer.Ordinal).ToList();
        for (var i = 1; i < sorted.Count; i++)
        {
            if (string.Equals(sorted[i].Name, sorted[i - 1].Name, StringComparison.Ordinal))
            {
                throw new ArgumentException($"duplicate metric family '{sorted[i].Name}'", nameof(families));
            }
        }

        foreach (var family in sorted)
        {
            WriteFamily(writer, family);
        }
    }

    private static void WriteFamily(TextWriter writer, MetricFamily family)
    {
        ValidateFamily(family);
        writer.Write("# HELP ");
        writer.Write(family.Name);
        writer.Write(' ');
        writer.Write(EscapeHelp(family.Help));
        writer.Write('\n');
        writer.Write("# TYPE ");
        writer.Write(family.Name);
        writer.Write(' ');
        writer.Write(family.Type switch
        {
            MetricType.Counter => "counter",
            MetricType.Gauge => "gauge",
            _ => "histogram",
        });
        writer.Write('\n');

        var series = family.Series.OrderBy(s => s.Labels.SortKey, StringComparer.Ordinal).ToList();
        for (var i = 1; i < series.Count; i++)
        {
            if (series[i].Labels.Equals(series[i - 1].Labels))
            {
                throw new ArgumentException($"duplicate series {family.Name}{{{series[i].Labels}}}", nameof(family));
            }
        }

        foreach (var s in series)
        {
            if (family.Type == MetricType.Histogram)
            {
                WriteHistogram(writer, family.Name, s);
            }
            else
            {
                WriteSample(writer, family.Name, s.Labels, null, s.Value);
            }
        }
    }

    private static void WriteHistogram(TextWriter writer, string name, MetricSeries series)
    {
        var histogram = series.Histogram
            ?? throw new ArgumentException($"histogram series {name}{{{series.Labels}}} has no histogram value", nameof(series));
        if (histogram.BucketCounts.Count != histogram.UpperBounds.Count + 1)
        {
            throw new ArgumentException($"histogram {name} has {histogram.BucketCounts.Count} counts for {histogram.UpperBounds.Count} bounds", nameof(series));
        }

        long cumulative = 0;
        var bucketName = name + "_bucket";
        for (var i = 0; i < histogram.UpperBounds.Count; i++)
        {
            if (i > 0 && !(histogram.UpperBounds[i] > histogram.UpperBounds[i - 1]))
            {
                throw new ArgumentException($"histogram {name} bounds are not strictly ascending", nameof(series));
            }

            cumulative += histogram.BucketCounts[i];
            WriteSample(writer, bucketName, series.Labels, FormatValue(histogram.UpperBounds[i]), cumulative);
        }

        cumulative += histogram.BucketCounts[^1];
        WriteSample(writer, bucketName, series.Labels, "+Inf", cumulative);
        WriteSample(writer, name + "_sum", series.Labels, null, histogram.Sum);
        WriteSample(writer, name + "_count", series.Labels, null, cumulative);
    }

    private static void WriteSample(TextWriter writer, string name, LabelSet labels, string? le, double value)
    {
        writer.Write(name);
        if (labels.Labels.Length > 0 || le is not null)
        {
            writer.Write('{');
            var first = true;
            foreach (var (labelName, labelValue) in labels.Labels)
            {
                if (!first)
                {
                    writer.Write(',');
                }

                first = false;
                writer.Write(labelName);
                writer.Write("=\"");
                writer.Write(EscapeLabelValue(labelValue));
                writer.Write('"');
            }

            if (le is not null)
            {
                if (!first)
                {
                    writer.Write(',');
                }

                writer.Write("le=\"");
                writer.Write(le);
                writer.Write('"');
            }

            writer.Write('}');
        }

        writer.Write(' ');
        writer.Write(FormatValue(value));
        writer.Write('\n');
    }

    private static void ValidateFamily(MetricFamily family)
    {
        if (!IsValidMetricName(family.Name))
        {
            throw new ArgumentException($"invalid metric name '{family.Name}'", nameof(family));
        }

        if (family.Type == MetricType.Counter && !family.Name.EndsWith("_total", StringComparison.Ordinal))
        {
            throw new ArgumentException($"counter '{family.Name}' must end in _total", nameof(family));
        }

        foreach (var series in family.Series)
        {
            foreach (var (labelName, _) in series.Labels.Labels)
            {
                if (!IsValidLabelName(labelName))
                {
                    throw new ArgumentException($"invalid label name '{labelName}' on {family.Name}", nameof(family));
                }

                if (family.Type == MetricType.Histogram && labelName == "le")
                {
                    throw new ArgumentException($"histogram {family.Name} must not carry its own 'le' label", nameof(family));
                }
            }
        }
    }

    /// <summary>True for a valid metric name: <c>[a-zA-Z_:][a-zA-Z0-9_:]*</c>.</summary>
    public static bool IsValidMetricName(string name) =>
        name.Length > 0 && !char.IsAsciiDigit(name[0]) && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or ':');

    /// <summary>True for a valid label name: <c>[a-zA-Z_][a-zA-Z0-9_]*</c> not starting with "__" (reserved).</summary>
    public static bool IsValidLabelName(string name) =>
        name.Length > 0 && !char.IsAsciiDigit(name[0]) && !name.StartsWith("__", StringComparison.Ordinal)
        && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');

    /// <summary>Escapes a label value: backslash, double quote and line feed.</summary>
    public static string EscapeLabelValue(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal)
            .Replace("\"", "\\\"", StringComparison.Ordinal)
            .Replace("\n", "\\n", StringComparison.Ordinal);

    /// <summary>Escapes HELP text: backslash and line feed (quotes stay as they are there).</summary>
    public static string EscapeHelp(string help) =>
        help.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    /// <summary>Formats a sample value: shortest round-trip invariant form, <c>NaN</c>, <c>+Inf</c>, <c>-Inf</c>.</summary>
    public static string FormatValue(double value) => value switch
    {
        double.PositiveInfinity => "+Inf",
        double.NegativeInfinity => "-Inf",
        _ when double.IsNaN(value) => "NaN",
        _ => value.ToString("R", CultureInfo.InvariantCulture),
    };
}
