using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace MeshAgent.Daemon.Prometheus;

/// <summary>
/// Listens to every instrument of the meters it accepts (by default those named "MeshAgent" or
/// "MeshAgent.*") and turns them into Prometheus metric families on demand. Subsystems only create a
/// <see cref="Meter"/> and instruments; nothing registers with this class. Observable instruments are
/// read at scrape time (their callbacks run inside <see cref="Collect"/>); instruments whose meter is
/// disposed disappear. Two instruments with the same exported name and type are merged into one family;
/// a later one with a different type is ignored (logged once). Thread-safe.
/// </summary>
public sealed partial class MeterCollector : IDisposable
{
    /// <summary>Prefix of the meter names collected by default.</summary>
    public const string MeterPrefix = "MeshAgent";

    /// <summary>
    /// Bucket bounds for histograms without <see cref="InstrumentAdvice{T}.HistogramBucketBoundaries"/>:
    /// Prometheus' defaults (seconds), which suit request and reconcile durations.
    /// </summary>
    public static readonly IReadOnlyList<double> DefaultBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    private readonly Lock _gate = new();
    private readonly Lock _scrapeGate = new();
    private readonly List<InstrumentState> _instruments = [];
    private readonly HashSet<string> _reportedConflicts = new(StringComparer.Ordinal);
    private readonly Func<Meter, bool> _acceptMeter;
    private readonly ILogger _logger;
    private readonly MeterListener _listener;

    /// <summary>Starts listening at once.</summary>
    /// <param name="acceptMeter">Which meters to collect; default: <see cref="IsMeshAgentMeter"/>.</param>
    /// <param name="logger">Receives conflicts between instruments; optional.</param>
    public MeterCollector(Func<Meter, bool>? acceptMeter = null, ILogger<MeterCollector>? logger = null)
    {
        _acceptMeter = acceptMeter ?? IsMeshAgentMeter;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _listener = new MeterListener
        {
            InstrumentPublished = OnInstrumentPublished,
            MeasurementsCompleted = OnMeasurementsCompleted,
        };
        _listener.SetMeasurementEventCallback<byte>((i, v, t, s) => ((InstrumentState)s!).Record(v, t));
        _listener.SetMeasurementEventCallback<short>((i, v, t, s) => ((InstrumentState)s!).Record(v, t));
        _listener.SetMeasurementEventCallback<int>((i, v, t, s) => ((InstrumentState)s!).Record(v, t));
        _listener.SetMeasurementEventCallback<long>((i, v, t, s) => ((InstrumentState)s!).Record(v, t));
        _listener.SetMeasurementEventCallback<float>((i, v, t, s) => ((InstrumentState)s!).Record(v, t));
        _listener.SetMeasurementEventCallback<double>((i, v, t, s) => ((InstrumentState)s!).Record(v, t));
        _listener.SetMeasurementEventCallback<decimal>((i, v, t, s) => ((InstrumentState)s!).Record((double)v, t));
        _listener.Start();
    }

    /// <summary>True for meters named "MeshAgent" or "MeshAgent.*".</summary>
    public static bool IsMeshAgentMeter(Meter meter)
    {
        ArgumentNullException.ThrowIfNull(meter);
        return meter.Name == MeterPrefix || meter.Name.StartsWith(MeterPrefix + ".", StringComparison.Ordinal);
    }

    /// <summary>
    /// Runs the observable callbacks and returns every family with its current series. Scrapes are
    /// serialised; callbacks run on the calling thread.
    /// </summary>
    public IReadOnlyList<MetricFamily> Collect()
    {
        lock (_scrapeGate)
        {
            InstrumentState[] instruments;
            lock (_gate)
            {
                instruments = [.. _instruments];
            }

            foreach (var instrument in instruments)
            {
                instrument.BeginScrape();
            }

            _listener.RecordObservableInstruments();
            return Merge(instruments);
        }
    }

    /// <inheritdoc />
    public void Dispose() => _listener.Dispose();

    private List<MetricFamily> Merge(InstrumentState[] instruments)
    {
        var families = new List<MetricFamily>();
        foreach (var group in instruments.GroupBy(i => i.ExportName, StringComparer.Ordinal))
        {
            var first = group.First();
            var series = new Dictionary<LabelSet, MetricSeries>();
            foreach (var instrument in group)
            {
                if (instrument.Type != first.Type || (first.Type == MetricType.Histogram && !instrument.Bounds.SequenceEqual(first.Bounds)))
                {
                    ReportConflict(instrument, first);
                    continue;
                }

                foreach (var (labels, value) in instrument.Snapshot())
                {
                    series[labels] = series.TryGetValue(labels, out var existing) ? Combine(instrument.Aggregation, existing, value) : value;
                }
            }

            families.Add(new MetricFamily(first.ExportName, first.Help, first.Type, [.. series.Values]));
        }

        return families;
    }

    private static MetricSeries Combine(Aggregation aggregation, MetricSeries existing, MetricSeries added) => aggregation switch
    {
        Aggregation.Sum => existing with { Value = existing.Value + added.Value },
        Aggregation.Histogram => existing with
        {
            Histogram = new HistogramValue(
                existing.Histogram!.UpperBounds,
                [.. existing.Histogram.BucketCounts.Zip(added.Histogram!.BucketCounts, (a, b) => a + b)],
                existing.Histogram.Sum + added.Histogram.Sum),
        },
        _ => added,
    };

    private void ReportConflict(InstrumentState ignored, InstrumentState kept)
    {
        lock (_gate)
        {
            if (!_reportedConflicts.Add(ignored.Instrument.Meter.Name + "/" + ignored.Instrument.Name))
            {
                return;
            }
        }

        Log.InstrumentConflict(_logger, ignored.Instrument.Name, ignored.Instrument.Meter.Name, ignored.ExportName, kept.Instrument.Meter.Name);
    }

    private void OnInstrumentPublished(Instrument instrument, MeterListener listener)
    {
        if (!_acceptMeter(instrument.Meter))
        {
            return;
        }

        var definition = instrument.GetType().IsGenericType ? instrument.GetType().GetGenericTypeDefinition() : null;
        (MetricType Type, Aggregation Aggregation)? kind = definition switch
        {
            _ when definition == typeof(Counter<>) => (MetricType.Counter, Aggregation.Sum),
            _ when definition == typeof(ObservableCounter<>) => (MetricType.Counter, Aggregation.Last),
            _ when definition == typeof(UpDownCounter<>) => (MetricType.Gauge, Aggregation.Sum),
            _ when definition == typeof(ObservableUpDownCounter<>) => (MetricType.Gauge, Aggregation.Last),
            _ when definition == typeof(Gauge<>) => (MetricType.Gauge, Aggregation.Last),
            _ when definition == typeof(ObservableGauge<>) => (MetricType.Gauge, Aggregation.Last),
            _ when definition == typeof(Histogram<>) => (MetricType.Histogram, Aggregation.Histogram),
            _ => null,
        };
        if (kind is null)
        {
            return;
        }

        var bounds = kind.Value.Type == MetricType.Histogram ? HistogramBounds(instrument) : [];
        var state = new InstrumentState(instrument, MetricNames.ExportName(instrument, kind.Value.Type), kind.Value.Type, kind.Value.Aggregation, bounds);
        lock (_gate)
        {
            _instruments.Add(state);
        }

        listener.EnableMeasurementEvents(instrument, state);
    }

    private void OnMeasurementsCompleted(Instrument instrument, object? state)
    {
        lock (_gate)
        {
            _instruments.Remove((InstrumentState)state!);
        }
    }

    private static double[] HistogramBounds(Instrument instrument)
    {
        IEnumerable<double>? advised = instrument switch
        {
            Histogram<double> h => h.Advice?.HistogramBucketBoundaries,
            Histogram<float> h => h.Advice?.HistogramBucketBoundaries?.Select(b => (double)b),
            Histogram<long> h => h.Advice?.HistogramBucketBoundaries?.Select(b => (double)b),
            Histogram<int> h => h.Advice?.HistogramBucketBoundaries?.Select(b => (double)b),
            Histogram<short> h => h.Advice?.HistogramBucketBoundaries?.Select(b => (double)b),
            Histogram<byte> h => h.Advice?.HistogramBucketBoundaries?.Select(b => (double)b),
            Histogram<decimal> h => h.Advice?.HistogramBucketBoundaries?.Select(b => (double)b),
            _ => null,
        };
        return [.. (advised ?? DefaultBuckets).Where(double.IsFinite).Distinct().Order()];
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1301, Level = LogLevel.Warning,
            Message = "Instrument {Instrument} of meter {Meter} exports as {Metric}, already taken by meter {OtherMeter} with another type or buckets; not exported")]
        public static partial void InstrumentConflict(ILogger logger, string instrument, string meter, string metric, string otherMeter);
    }
}
