using System.Diagnostics.Metrics;

namespace MeshAgent.Daemon.Prometheus;

/// <summary>
/// What the collector keeps for one instrument: its exported name and type and its series. Synchronous
/// instruments accumulate between scrapes; observable ones are cleared before every scrape and refilled
/// by their callbacks, so a series whose source is gone disappears. Thread-safe (one lock per instrument).
/// </summary>
internal sealed class InstrumentState
{
    private readonly Lock _gate = new();
    private readonly Dictionary<LabelSet, SeriesState> _series = [];
    private readonly KeyValuePair<string, string>[] _constantLabels;

    public InstrumentState(Instrument instrument, string exportName, MetricType type, Aggregation aggregation, double[] bounds)
    {
        Instrument = instrument;
        ExportName = exportName;
        Type = type;
        Aggregation = aggregation;
        Bounds = bounds;
        Help = string.IsNullOrWhiteSpace(instrument.Description) ? exportName : instrument.Description;
        _constantLabels = instrument.Tags is null
            ? []
            : [.. instrument.Tags.Select(t => KeyValuePair.Create(MetricNames.SanitizeLabelName(t.Key), MetricNames.FormatLabelValue(t.Value)))];
    }

    public Instrument Instrument { get; }

    public string ExportName { get; }

    public string Help { get; }

    public MetricType Type { get; }

    public Aggregation Aggregation { get; }

    /// <summary>Histogram upper bounds (ascending, finite); empty for other types.</summary>
    public double[] Bounds { get; }

    /// <summary>Records one measurement.</summary>
    public void Record(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var labels = new List<KeyValuePair<string, string>>(_constantLabels.Length + tags.Length);
        labels.AddRange(_constantLabels);
        foreach (var tag in tags)
        {
            labels.Add(KeyValuePair.Create(MetricNames.SanitizeLabelName(tag.Key), MetricNames.FormatLabelValue(tag.Value)));
        }

        var key = new LabelSet(labels);
        lock (_gate)
        {
            if (!_series.TryGetValue(key, out var series))
            {
                series = new SeriesState(Bounds.Length);
                _series[key] = series;
            }

            switch (Aggregation)
            {
                case Aggregation.Sum:
                    // A counter never goes down; a negative Add is a bug at the call site, not data.
                    if (Type != MetricType.Counter || value >= 0)
                    {
                        series.Value += value;
                    }

                    break;
                case Aggregation.Last:
                    series.Value = value;
                    break;
                default:
                    series.Observe(value, Bounds);
                    break;
            }
        }
    }

    /// <summary>Forgets observable series before their callbacks are asked again.</summary>
    public void BeginScrape()
    {
        if (Instrument.IsObservable)
        {
            lock (_gate)
            {
                _series.Clear();
            }
        }
    }

    /// <summary>A consistent copy of the series.</summary>
    public Dictionary<LabelSet, MetricSeries> Snapshot()
    {
        lock (_gate)
        {
            return _series.ToDictionary(
                s => s.Key,
                s => Type == MetricType.Histogram
                    ? new MetricSeries(s.Key, 0, new HistogramValue(Bounds, [.. s.Value.Buckets!], s.Value.Value))
                    : new MetricSeries(s.Key, s.Value.Value));
        }
    }

    private sealed class SeriesState(int bounds)
    {
        public double Value { get; set; }

        public long[]? Buckets { get; } = new long[bounds + 1];

        public void Observe(double value, double[] upperBounds)
        {
            var index = Array.BinarySearch(upperBounds, value);
            // An exact match belongs to that bucket (le is inclusive); otherwise the first larger bound.
            Buckets![index >= 0 ? index : ~index]++;
            Value += value;
        }
    }
}

/// <summary>How measurements of an instrument combine into a series value.</summary>
internal enum Aggregation
{
    /// <summary>Added up (Counter, UpDownCounter).</summary>
    Sum,

    /// <summary>The latest measurement wins (Gauge and every observable instrument).</summary>
    Last,

    /// <summary>Bucketed (Histogram).</summary>
    Histogram,
}
