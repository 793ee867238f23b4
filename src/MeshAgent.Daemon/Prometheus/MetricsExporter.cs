using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Prometheus;

namespace MeshAgent.Daemon.Prometheus;

/// <summary>
/// <c>/metrics</c>: prometheus-net's registry and text exposition, fed by a <see cref="MeterListener"/> over
/// every instrument of the meters it accepts (by default those named "MeshAgent" or "MeshAgent.*").
/// Subsystems only create a <see cref="Meter"/> and instruments; nothing registers with this class.
/// Observable instruments are read at scrape time (their callbacks run in the registry's before-collect
/// callback); instruments whose meter is disposed disappear. The registry is our own, not prometheus-net's
/// default one, so none of its default adapters (event counters, its own meter adapter, whose names
/// promtool rejects) export anything; the process series come from the library's <see cref="DotNetStats"/>.
/// Thread-safe.
/// </summary>
public sealed partial class MetricsExporter : IDisposable
{
    /// <summary>Prefix of the meter names collected by default.</summary>
    public const string MeterPrefix = "MeshAgent";

    /// <summary>The Content-Type of a scrape response (text format 0.0.4).</summary>
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    /// <summary>
    /// Bucket bounds for histograms without <see cref="InstrumentAdvice{T}.HistogramBucketBoundaries"/>:
    /// Prometheus' defaults (seconds), which suit request and reconcile durations.
    /// </summary>
    public static readonly IReadOnlyList<double> DefaultBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    private readonly Lock _gate = new();
    private readonly Lock _scrapeGate = new();
    private readonly List<BridgedInstrument> _instruments = [];
    private readonly HashSet<string> _reportedProblems = new(StringComparer.Ordinal);
    private readonly Func<Meter, bool> _acceptMeter;
    private readonly ILogger _logger;
    private readonly MetricFactory _factory;
    private readonly MeterListener _listener;
    private readonly IScrapeSource[] _sources;

    static MetricsExporter()
    {
        // The default registry's adapters would otherwise start listening to every EventSource and Meter
        // in the process, for a registry nobody scrapes.
        Metrics.SuppressDefaultMetrics();
    }

    /// <summary>Starts listening at once.</summary>
    /// <param name="acceptMeter">Which meters to collect; default: <see cref="IsMeshAgentMeter"/>.</param>
    /// <param name="includeProcessMetrics">Whether the library's process and runtime series are exported.</param>
    /// <param name="logger">Receives instruments that cannot be exported; optional.</param>
    /// <param name="sources">Refreshed before every scrape, in order.</param>
    public MetricsExporter(Func<Meter, bool>? acceptMeter = null, bool includeProcessMetrics = true, ILogger<MetricsExporter>? logger = null, IEnumerable<IScrapeSource>? sources = null)
    {
        _sources = [.. sources ?? []];
        _acceptMeter = acceptMeter ?? IsMeshAgentMeter;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        Registry = Metrics.NewCustomRegistry();
        _factory = Metrics.WithCustomRegistry(Registry);
        if (includeProcessMetrics)
        {
            DotNetStats.Register(Registry);
        }

        Registry.AddBeforeCollectCallback(async cancellationToken =>
        {
            foreach (var source in _sources)
            {
                await source.RefreshAsync(cancellationToken).ConfigureAwait(false);
            }

            RecordObservables();
        });
        _listener = new MeterListener
        {
            InstrumentPublished = OnInstrumentPublished,
            MeasurementsCompleted = OnMeasurementsCompleted,
        };
        _listener.SetMeasurementEventCallback<byte>((i, v, t, s) => ((BridgedInstrument)s!).Record(v, t));
        _listener.SetMeasurementEventCallback<short>((i, v, t, s) => ((BridgedInstrument)s!).Record(v, t));
        _listener.SetMeasurementEventCallback<int>((i, v, t, s) => ((BridgedInstrument)s!).Record(v, t));
        _listener.SetMeasurementEventCallback<long>((i, v, t, s) => ((BridgedInstrument)s!).Record(v, t));
        _listener.SetMeasurementEventCallback<float>((i, v, t, s) => ((BridgedInstrument)s!).Record(v, t));
        _listener.SetMeasurementEventCallback<double>((i, v, t, s) => ((BridgedInstrument)s!).Record(v, t));
        _listener.SetMeasurementEventCallback<decimal>((i, v, t, s) => ((BridgedInstrument)s!).Record((double)v, t));
        _listener.Start();
    }

    /// <summary>The prometheus-net registry behind <c>/metrics</c>.</summary>
    public CollectorRegistry Registry { get; }

    /// <summary>True for meters named "MeshAgent" or "MeshAgent.*".</summary>
    public static bool IsMeshAgentMeter(Meter meter)
    {
        ArgumentNullException.ThrowIfNull(meter);
        return meter.Name == MeterPrefix || meter.Name.StartsWith(MeterPrefix + ".", StringComparison.Ordinal);
    }

    /// <summary>Runs the observable callbacks and writes every series in text format 0.0.4.</summary>
    public Task WriteAsync(Stream destination, CancellationToken cancellationToken) =>
        Registry.CollectAndExportAsTextAsync(destination, ExpositionFormat.PrometheusText, cancellationToken);

    /// <summary>One scrape as a string (tests, <c>meshagent</c> diagnostics).</summary>
    public async Task<string> ScrapeAsync(CancellationToken cancellationToken = default)
    {
        using var buffer = new MemoryStream();
        await WriteAsync(buffer, cancellationToken).ConfigureAwait(false);
        return System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    /// <inheritdoc />
    public void Dispose() => _listener.Dispose();

    private void RecordObservables()
    {
        // Scrapes are serialised so that one scrape's "seen" bookkeeping is not mixed with another's.
        lock (_scrapeGate)
        {
            BridgedInstrument[] observables;
            lock (_gate)
            {
                observables = [.. _instruments.Where(i => i.Instrument.IsObservable)];
            }

            foreach (var instrument in observables)
            {
                instrument.BeginScrape();
            }

            _listener.RecordObservableInstruments();
            foreach (var instrument in observables)
            {
                instrument.EndScrape();
            }
        }
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
        var state = new BridgedInstrument(instrument, _factory, kind.Value.Type, kind.Value.Aggregation, bounds, ReportProblem);
        lock (_gate)
        {
            _instruments.Add(state);
        }

        listener.EnableMeasurementEvents(instrument, state);
    }

    private void OnMeasurementsCompleted(Instrument instrument, object? state)
    {
        var bridged = (BridgedInstrument)state!;
        lock (_gate)
        {
            _instruments.Remove(bridged);
        }

        bridged.RemoveAll();
    }

    private void ReportProblem(BridgedInstrument instrument, string problem)
    {
        lock (_gate)
        {
            if (!_reportedProblems.Add(instrument.Instrument.Meter.Name + "/" + instrument.Instrument.Name))
            {
                return;
            }
        }

        Log.InstrumentNotExported(_logger, instrument.Instrument.Name, instrument.Instrument.Meter.Name, instrument.ExportName, problem);
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
            Message = "Instrument {Instrument} of meter {Meter} (exported as {Metric}) is not exported as measured: {Problem}")]
        public static partial void InstrumentNotExported(ILogger logger, string instrument, string meter, string metric, string problem);
    }
}
