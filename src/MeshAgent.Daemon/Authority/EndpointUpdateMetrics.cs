using System.Diagnostics.Metrics;

namespace MeshAgent.Daemon.Authority;

/// <summary>Endpoint updates the authority answered, by result (updated, unchanged, refused). Thread-safe.</summary>
public sealed class EndpointUpdateMetrics : IDisposable
{
    /// <summary>The Meter's name.</summary>
    public const string MeterName = "MeshAgent.Endpoints";

    private readonly Meter _meter;
    private readonly Counter<long> _updates;

    /// <summary>Creates the counter with every result at 0.</summary>
    public EndpointUpdateMetrics(IMeterFactory? meterFactory)
    {
        _meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        _updates = _meter.CreateCounter<long>("meshagent_endpoint_updates_total", description: "Endpoint updates the authority answered: updated (record re-signed), unchanged, refused");
        foreach (var result in new[] { "updated", "unchanged", "refused" })
        {
            _updates.Add(0, new KeyValuePair<string, object?>("result", result));
        }
    }

    /// <summary>Counts one answer by its status.</summary>
    public void Answered(string status) => _updates.Add(1, new KeyValuePair<string, object?>("result", status));

    /// <inheritdoc />
    public void Dispose() => _meter.Dispose();
}
