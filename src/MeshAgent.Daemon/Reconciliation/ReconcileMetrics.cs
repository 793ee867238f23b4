using System.Diagnostics.Metrics;

namespace MeshAgent.Daemon.Reconciliation;

/// <summary>
/// Reconcile instruments on the meter "MeshAgent.Reconcile": the duration histogram, errors and results
/// per subsystem. Series of a subsystem are created at zero when it is registered, so rates work from the
/// first scrape. Thread-safe.
/// </summary>
public sealed class ReconcileMetrics : IDisposable
{
    /// <summary>Name of the meter carrying these instruments.</summary>
    public const string MeterName = "MeshAgent.Reconcile";

    private static readonly string[] Results = ["converged", "diverged", "failed"];

    private readonly Histogram<double> _duration;
    private readonly Counter<long> _errors;
    private readonly Counter<long> _reconciles;

    /// <summary>Creates the meter and instruments.</summary>
    public ReconcileMetrics()
    {
        Meter = new Meter(MeterName);
        _duration = Meter.CreateHistogram(
            "meshagent_reconcile_duration_seconds",
            unit: "s",
            description: "Time of one reconcile attempt (plan plus apply) per subsystem, in seconds.",
            tags: null,
            advice: new InstrumentAdvice<double>
            {
                // From a no-op read-back (~1 ms) to a slow NetworkManager activation (~10 s).
                HistogramBucketBoundaries = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20],
            });
        _errors = Meter.CreateCounter<long>(
            "meshagent_reconcile_errors_total",
            description: "Reconcile attempts that failed or did not converge, per subsystem.");
        _reconciles = Meter.CreateCounter<long>(
            "meshagent_reconciles_total",
            description: "Reconcile attempts per subsystem and result (converged, diverged, failed).");
    }

    /// <summary>The meter; for tests that collect only it.</summary>
    internal Meter Meter { get; }

    /// <summary>Creates the subsystem's counter series at zero.</summary>
    public void Register(string subsystem)
    {
        var tag = new KeyValuePair<string, object?>("subsystem", subsystem);
        _errors.Add(0, tag);
        foreach (var result in Results)
        {
            _reconciles.Add(0, tag, new KeyValuePair<string, object?>("result", result));
        }
    }

    /// <summary>Records one attempt.</summary>
    public void Record(ReconcileOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        var tag = new KeyValuePair<string, object?>("subsystem", outcome.Subsystem);
        _duration.Record(outcome.Duration.TotalSeconds, tag);
        _reconciles.Add(1, tag, new KeyValuePair<string, object?>("result", outcome.ResultLabel));
        if (outcome.State != Core.Api.SubsystemState.Converged)
        {
            _errors.Add(1, tag);
        }
    }

    /// <inheritdoc />
    public void Dispose() => Meter.Dispose();
}
