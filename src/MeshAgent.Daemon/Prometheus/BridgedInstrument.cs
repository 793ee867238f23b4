using System.Diagnostics.Metrics;
using Prometheus;

namespace MeshAgent.Daemon.Prometheus;

/// <summary>
/// One System.Diagnostics.Metrics instrument mapped onto a prometheus-net collector of the same exported
/// name. The collector is created at the first measurement, because only then are the label names known
/// (instruments do not declare their tag keys); a later measurement with other tag keys is dropped and
/// reported once. Observable instruments forget every series their callbacks did not report in a scrape,
/// so a peer that is gone takes its series with it. Thread-safe (one lock per instrument).
/// </summary>
internal sealed class BridgedInstrument
{
    private readonly Lock _gate = new();
    private readonly MetricFactory _factory;
    private readonly KeyValuePair<string, string>[] _constantLabels;
    private readonly Action<BridgedInstrument, string> _reportProblem;
    private readonly Dictionary<LabelKey, ChildBase> _children = [];
    private readonly HashSet<LabelKey> _seenThisScrape = [];
    private Collector? _collector;
    private string[]? _labelNames;
    private bool _broken;

    public BridgedInstrument(Instrument instrument, MetricFactory factory, MetricType type, Aggregation aggregation, double[] bounds, Action<BridgedInstrument, string> reportProblem)
    {
        Instrument = instrument;
        _factory = factory;
        Type = type;
        Aggregation = aggregation;
        Bounds = bounds;
        _reportProblem = reportProblem;
        ExportName = MetricNames.ExportName(instrument, type);
        Help = string.IsNullOrWhiteSpace(instrument.Description) ? ExportName : instrument.Description;
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

        // Label order is the name order, so "a,b" and "b,a" tags are one series.
        labels.Sort((x, y) => string.CompareOrdinal(x.Key, y.Key));
        lock (_gate)
        {
            if (_broken || !EnsureCollector(labels))
            {
                return;
            }

            var key = new LabelKey([.. labels.Select(l => l.Value)]);
            if (Instrument.IsObservable)
            {
                _seenThisScrape.Add(key);
            }

            Apply(key, value);
        }
    }

    /// <summary>Called before the observable callbacks of a scrape run.</summary>
    public void BeginScrape()
    {
        lock (_gate)
        {
            _seenThisScrape.Clear();
        }
    }

    /// <summary>Called after them: series the callbacks no longer report go.</summary>
    public void EndScrape()
    {
        lock (_gate)
        {
            foreach (var gone in _children.Keys.Where(k => !_seenThisScrape.Contains(k)).ToList())
            {
                _children[gone].Remove();
                _children.Remove(gone);
            }
        }
    }

    /// <summary>The instrument is gone (its meter was disposed): so are its series.</summary>
    public void RemoveAll()
    {
        lock (_gate)
        {
            foreach (var child in _children.Values)
            {
                child.Remove();
            }

            _children.Clear();
            _broken = true;
        }
    }

    private bool EnsureCollector(List<KeyValuePair<string, string>> labels)
    {
        if (_labelNames is not null)
        {
            if (_labelNames.Length == labels.Count && labels.Select(l => l.Key).SequenceEqual(_labelNames, StringComparer.Ordinal))
            {
                return true;
            }

            _reportProblem(this, $"a measurement with labels [{string.Join(',', labels.Select(l => l.Key))}] after [{string.Join(',', _labelNames)}]; dropped");
            return false;
        }

        var names = labels.Select(l => l.Key).ToArray();
        try
        {
            // SuppressInitialValue: a series exists only once something was measured for it.
            _collector = Type switch
            {
                MetricType.Counter => _factory.CreateCounter(ExportName, Help, names, new CounterConfiguration { SuppressInitialValue = true }),
                MetricType.Gauge => _factory.CreateGauge(ExportName, Help, names, new GaugeConfiguration { SuppressInitialValue = true }),
                _ => _factory.CreateHistogram(ExportName, Help, names, new HistogramConfiguration { SuppressInitialValue = true, Buckets = Bounds }),
            };
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException)
        {
            // Another instrument already holds this name with another type, label set or buckets.
            _broken = true;
            _reportProblem(this, e.Message);
            return false;
        }

        _labelNames = names;
        return true;
    }

    private void Apply(LabelKey key, double value)
    {
        switch (_collector)
        {
            case Counter counter:
                var counterChild = (Counter.Child)Child(key, counter.WithLabels);
                if (Aggregation == Aggregation.Sum)
                {
                    // A counter never goes down; a negative Add is a bug at the call site, not data.
                    if (value >= 0)
                    {
                        counterChild.Inc(value);
                    }
                }
                else if (value >= counterChild.Value)
                {
                    counterChild.IncTo(value);
                }
                else
                {
                    // The source restarted (an interface recreated, a process restarted): a counter reset.
                    counterChild.Remove();
                    _children.Remove(key);
                    ((Counter.Child)Child(key, counter.WithLabels)).IncTo(value);
                }

                break;
            case Gauge gauge:
                var gaugeChild = (Gauge.Child)Child(key, gauge.WithLabels);
                if (Aggregation == Aggregation.Sum)
                {
                    gaugeChild.Inc(value);
                }
                else
                {
                    gaugeChild.Set(value);
                }

                break;
            case Histogram histogram:
                ((Histogram.Child)Child(key, histogram.WithLabels)).Observe(value);
                break;
        }
    }

    private ChildBase Child<TChild>(LabelKey key, Func<string[], TChild> withLabels)
        where TChild : ChildBase
    {
        if (!_children.TryGetValue(key, out var child))
        {
            child = withLabels(key.Values);
            _children[key] = child;
        }

        return child;
    }

    /// <summary>Label values in label-name order, compared by content.</summary>
    private sealed class LabelKey(string[] values) : IEquatable<LabelKey>
    {
        public string[] Values { get; } = values;

        public bool Equals(LabelKey? other) => other is not null && Values.AsSpan().SequenceEqual(other.Values);

        public override bool Equals(object? obj) => Equals(obj as LabelKey);

        public override int GetHashCode()
        {
            var hash = default(HashCode);
            foreach (var value in Values)
            {
                hash.Add(value, StringComparer.Ordinal);
            }

            return hash.ToHashCode();
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
