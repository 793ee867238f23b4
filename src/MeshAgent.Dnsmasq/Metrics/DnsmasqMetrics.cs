using System.Diagnostics.Metrics;

namespace MeshAgent.Dnsmasq.Metrics;

/// <summary>
/// The dnsmasq instruments on the Meter <see cref="MeterName"/>. Gauges are read at collection time through
/// the callbacks; counters and the histogram are fed by the supervisor. Instrument names are the Prometheus
/// names. Thread-safe.
/// </summary>
public sealed class DnsmasqMetrics : IDisposable
{
    /// <summary>The Meter's name.</summary>
    public const string MeterName = "MeshAgent.Dnsmasq";

    private readonly Meter meter;
    private readonly Counter<long> restarts;
    private readonly Counter<long> reloads;
    private readonly Histogram<double> probeDuration;

    /// <summary>Creates the instruments.</summary>
    /// <param name="meterFactory">The host's factory; null creates a standalone Meter.</param>
    /// <param name="up">1 when dnsmasq runs and answers, else 0.</param>
    /// <param name="leases">Current lease count; null when unknown (no lease file yet).</param>
    public DnsmasqMetrics(IMeterFactory? meterFactory, Func<int> up, Func<int?> leases)
    {
        ArgumentNullException.ThrowIfNull(up);
        ArgumentNullException.ThrowIfNull(leases);
        meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        meter.CreateObservableGauge("meshagent_dnsmasq_up", up, description: "1 when dnsmasq runs and answers the health probe, else 0");
        meter.CreateObservableGauge(
            "meshagent_dnsmasq_leases",
            () => leases() is { } count ? [new Measurement<int>(count)] : Array.Empty<Measurement<int>>(),
            description: "DHCP leases in dnsmasq's lease file");
        restarts = meter.CreateCounter<long>("meshagent_dnsmasq_restarts_total", description: "dnsmasq restarts, by reason (exit, config)");
        reloads = meter.CreateCounter<long>("meshagent_dnsmasq_reloads_total", description: "SIGHUPs sent to dnsmasq (hosts files changed)");
        probeDuration = meter.CreateHistogram<double>(
            "meshagent_dnsmasq_probe_duration_seconds",
            unit: "s",
            description: "Latency of answered DNS health probes",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1] });
    }

    /// <summary>Counts one restart; <paramref name="reason"/> is "exit" or "config".</summary>
    public void Restarted(string reason) => restarts.Add(1, new KeyValuePair<string, object?>("reason", reason));

    /// <summary>Counts one SIGHUP.</summary>
    public void Reloaded() => reloads.Add(1);

    /// <summary>Records an answered probe's latency.</summary>
    public void ProbeAnswered(TimeSpan latency) => probeDuration.Record(latency.TotalSeconds);

    /// <inheritdoc />
    public void Dispose() => meter.Dispose();
}
