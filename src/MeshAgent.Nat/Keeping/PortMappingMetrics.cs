using System.Diagnostics.Metrics;

namespace MeshAgent.Nat.Keeping;

/// <summary>
/// The port-mapping instruments on the Meter <see cref="MeterName"/>; instrument names are the Prometheus names.
/// The state gauge is read at collection time. Thread-safe.
/// </summary>
public sealed class PortMappingMetrics : IDisposable
{
    /// <summary>The Meter's name.</summary>
    public const string MeterName = "MeshAgent.Nat";

    /// <summary>The failures label when no protocol answered the probe.</summary>
    public const string NoProtocol = "none";

    private readonly Meter _meter;
    private readonly Counter<long> _renewals;
    private readonly Counter<long> _failures;
    private readonly Counter<long> _externalChanges;
    private readonly Counter<long> _gatewayRestarts;

    /// <summary>Creates the instruments; <paramref name="current"/> is read at each collection.</summary>
    /// <param name="meterFactory">The host's factory; null creates a standalone Meter.</param>
    /// <param name="current">The keeper's state.</param>
    /// <param name="now">The clock, for the seconds until expiry.</param>
    public PortMappingMetrics(IMeterFactory? meterFactory, Func<PortMappingSnapshot> current, Func<DateTimeOffset> now)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(now);
        _meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        var protocols = Enum.GetValues<PortMappingProtocol>();
        _meter.CreateObservableGauge(
            "meshagent_port_mapping_up",
            () =>
            {
                var snapshot = current();
                return protocols.Select(p => new Measurement<int>(
                    snapshot is { State: PortMappingState.Mapped, Mapping: { } m } && m.Protocol == p ? 1 : 0,
                    new KeyValuePair<string, object?>("protocol", p.Label())));
            },
            description: "1 while the gateway holds this node's port mapping made by this protocol, else 0");
        _meter.CreateObservableGauge(
            "meshagent_port_mapping_expiry_seconds",
            () => current() is { State: PortMappingState.Mapped, Mapping: { } m }
                ? [new Measurement<double>((m.ExpiresAt - now()).TotalSeconds, new KeyValuePair<string, object?>("protocol", m.Protocol.Label()))]
                : Array.Empty<Measurement<double>>(),
            unit: "s",
            description: "Seconds until the port mapping expires unless renewed (absent without a mapping)");
        _renewals = _meter.CreateCounter<long>("meshagent_port_mapping_renewals_total", description: "Port mappings renewed, by protocol");
        _failures = _meter.CreateCounter<long>("meshagent_port_mapping_failures_total", description: "Probes no protocol answered (protocol none) and mappings refused or unanswered, by protocol");
        _externalChanges = _meter.CreateCounter<long>("meshagent_port_mapping_external_address_changes_total", description: "Times the mapped external endpoint changed");
        _gatewayRestarts = _meter.CreateCounter<long>("meshagent_port_mapping_gateway_restarts_total", description: "Gateway restarts seen (NAT-PMP/PCP epoch went backwards), each followed by a new mapping");
        foreach (var label in protocols.Select(p => p.Label()))
        {
            _renewals.Add(0, Protocol(label));
            _failures.Add(0, Protocol(label));
        }

        _failures.Add(0, Protocol(NoProtocol));
        _externalChanges.Add(0);
        _gatewayRestarts.Add(0);
    }

    /// <summary>Counts a renewal.</summary>
    public void Renewed(PortMappingProtocol protocol) => _renewals.Add(1, Protocol(protocol.Label()));

    /// <summary>Counts a failure of <paramref name="protocol"/>, or of the probe when null.</summary>
    public void Failed(PortMappingProtocol? protocol) => _failures.Add(1, Protocol(protocol?.Label() ?? NoProtocol));

    /// <summary>Counts an external endpoint change.</summary>
    public void ExternalChanged() => _externalChanges.Add(1);

    /// <summary>Counts a gateway restart.</summary>
    public void GatewayRestarted() => _gatewayRestarts.Add(1);

    /// <inheritdoc />
    public void Dispose() => _meter.Dispose();

    private static KeyValuePair<string, object?> Protocol(string label) => new("protocol", label);
}
