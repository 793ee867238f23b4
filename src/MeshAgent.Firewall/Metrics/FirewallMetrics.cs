using System.Diagnostics.Metrics;

namespace MeshAgent.Firewall.Metrics;

/// <summary>
/// The firewall instruments on the Meter <see cref="MeterName"/>, read at collection time. Instrument names are the
/// Prometheus names. Thread-safe.
/// </summary>
public sealed class FirewallMetrics : IDisposable
{
    /// <summary>The Meter's name.</summary>
    public const string MeterName = "MeshAgent.Firewall";

    private readonly Meter meter;

    /// <summary>Creates the instruments.</summary>
    /// <param name="meterFactory">The host's factory; null creates a standalone Meter.</param>
    /// <param name="backend">The backend in use ("nftables", "firewalld"), read at collection: <c>auto</c> decides on the first pass.</param>
    /// <param name="rules">Rules in our table as last applied.</param>
    /// <param name="inSync">1 when the last read-back matched the desired rules.</param>
    /// <param name="lastApply">Unix seconds of the last successful apply; null before the first.</param>
    public FirewallMetrics(IMeterFactory? meterFactory, Func<string> backend, Func<int> rules, Func<int> inSync, Func<double?> lastApply)
    {
        ArgumentNullException.ThrowIfNull(backend);
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(inSync);
        ArgumentNullException.ThrowIfNull(lastApply);
        meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        KeyValuePair<string, object?> Label() => new("backend", backend());
        meter.CreateObservableGauge("meshagent_firewall_rules", () => new Measurement<int>(rules(), Label()), description: "Rules in our nftables table, or settings in firewalld's zones, as last applied");
        meter.CreateObservableGauge("meshagent_firewall_in_sync", () => new Measurement<int>(inSync(), Label()), description: "1 when the firewall's read-back matched the desired rules, else 0");
        meter.CreateObservableGauge(
            "meshagent_firewall_last_apply_timestamp_seconds",
            () => lastApply() is { } at ? [new Measurement<double>(at, Label())] : Array.Empty<Measurement<double>>(),
            unit: "s",
            description: "Unix time of the last successful firewall apply");
    }

    /// <inheritdoc />
    public void Dispose() => meter.Dispose();
}
