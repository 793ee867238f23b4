using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text;

namespace MeshAgent.Daemon.Prometheus;

/// <summary>
/// Turns System.Diagnostics.Metrics names, units and tag values into Prometheus names and label values.
/// Instruments should already be named the Prometheus way ("meshagent_reconcile_duration_seconds");
/// dots and other characters become '_', unit "s" adds "_seconds", "By" adds "_bytes", and a counter gets
/// "_total" when it lacks it.
/// </summary>
public static class MetricNames
{
    /// <summary>The exported family name of <paramref name="instrument"/> of type <paramref name="type"/>.</summary>
    public static string ExportName(Instrument instrument, MetricType type)
    {
        ArgumentNullException.ThrowIfNull(instrument);
        var name = SanitizeMetricName(instrument.Name);
        var unitSuffix = instrument.Unit switch
        {
            "s" => "_seconds",
            "By" => "_bytes",
            _ => null,
        };
        var withoutTotal = name.EndsWith("_total", StringComparison.Ordinal) ? name[..^"_total".Length] : name;
        if (unitSuffix is not null && !withoutTotal.EndsWith(unitSuffix, StringComparison.Ordinal))
        {
            withoutTotal += unitSuffix;
        }

        return type == MetricType.Counter ? withoutTotal + "_total" : withoutTotal;
    }

    /// <summary>Replaces characters invalid in a metric name with '_' (and a leading digit gets a '_' before it).</summary>
    public static string SanitizeMetricName(string name) => Sanitize(name, allowColon: true);

    /// <summary>Replaces characters invalid in a label name with '_' (and a leading digit gets a '_' before it).</summary>
    public static string SanitizeLabelName(string name) => Sanitize(name, allowColon: false);

    /// <summary>A tag value as label text: invariant culture, null as empty.</summary>
    public static string FormatLabelValue(object? value) => value switch
    {
        null => string.Empty,
        string s => s,
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };

    private static string Sanitize(string name, bool allowColon)
    {
        ArgumentNullException.ThrowIfNull(name);
        var text = new StringBuilder(name.Length + 1);
        if (name.Length == 0 || char.IsAsciiDigit(name[0]))
        {
            text.Append('_');
        }

        foreach (var c in name)
        {
            text.Append(char.IsAsciiLetterOrDigit(c) || c == '_' || (allowColon && c == ':') ? c : '_');
        }

        return text.ToString();
    }
}
