using System.Diagnostics.Metrics;
using MeshAgent.Daemon.Prometheus;

namespace MeshAgent.Daemon.Reconciliation;

/// <summary>
/// <c>meshagent_ready</c> on the meter "MeshAgent.Health": 1 while <c>/health/ready</c> would answer 200,
/// else 0, so an alert can tell "running but not ready" from "down" (which is Prometheus' own <c>up</c>).
/// </summary>
public sealed class ReadinessMetrics : IScrapeSource, IDisposable
{
    /// <summary>Name of the meter.</summary>
    public const string MeterName = "MeshAgent.Health";

    private readonly Meter _meter = new(MeterName);

    /// <summary>Creates the gauge over <paramref name="status"/>.</summary>
    public ReadinessMetrics(ReconcileStatus status)
    {
        ArgumentNullException.ThrowIfNull(status);
        _meter.CreateObservableGauge("meshagent_ready", () => status.Readiness().Ready ? 1 : 0, description: "1 while /health/ready answers 200, else 0.");
    }

    /// <inheritdoc />
    public Task RefreshAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    public void Dispose() => _meter.Dispose();
}
