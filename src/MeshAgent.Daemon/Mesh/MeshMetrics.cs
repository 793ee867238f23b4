using System.Diagnostics.Metrics;

namespace MeshAgent.Daemon.Mesh;

/// <summary>
/// Instruments of the meter "MeshAgent.Mesh": records taken and refused, gossip payloads dropped, and the
/// remaining lifetime of this node's own record (Nebula's lesson: an expiring certificate must be visible
/// long before it takes a network down). Thread-safe.
/// </summary>
public sealed class MeshMetrics : IDisposable
{
    /// <summary>Name of the meter.</summary>
    public const string MeterName = "MeshAgent.Mesh";

    private readonly Counter<long> _accepted;
    private readonly Counter<long> _rejected;
    private readonly Counter<long> _malformedPayloads;

    /// <summary>Creates the instruments; <paramref name="recordExpiry"/> and <paramref name="members"/> are read at each scrape.</summary>
    public MeshMetrics(Func<double?> recordExpiry, Func<IEnumerable<KeyValuePair<string, int>>> members)
    {
        ArgumentNullException.ThrowIfNull(recordExpiry);
        ArgumentNullException.ThrowIfNull(members);
        Meter = new Meter(MeterName);
        _accepted = Meter.CreateCounter<long>("meshagent_records_accepted_total", description: "Signed node records taken (new or newer serial).");
        _rejected = Meter.CreateCounter<long>("meshagent_records_rejected_total", description: "Signed envelopes refused, by reason (bad_signature, expired, revoked, malformed).");
        _malformedPayloads = Meter.CreateCounter<long>("meshagent_gossip_payloads_malformed_total", description: "Gossip record payloads that could not be decoded.");
        foreach (var reason in new[] { "bad_signature", "expired", "revoked", "malformed" })
        {
            _rejected.Add(0, new KeyValuePair<string, object?>("reason", reason));
        }

        _accepted.Add(0);
        _malformedPayloads.Add(0);
        Meter.CreateObservableGauge(
            "meshagent_record_expiry_seconds",
            () => recordExpiry() is { } seconds ? [new Measurement<double>(seconds)] : Array.Empty<Measurement<double>>(),
            unit: "s",
            description: "Seconds until this node's own signed record expires (absent until it has one).");
        Meter.CreateObservableGauge(
            "meshagent_mesh_members",
            () => members().Select(m => new Measurement<int>(m.Value, new KeyValuePair<string, object?>("state", m.Key))),
            description: "Members with verified records, by gossip state.");
    }

    /// <summary>The meter.</summary>
    public Meter Meter { get; }

    /// <summary>Counts a record taken.</summary>
    public void Accepted() => _accepted.Add(1);

    /// <summary>Counts an envelope refused for <paramref name="reason"/>.</summary>
    public void Rejected(string reason) => _rejected.Add(1, new KeyValuePair<string, object?>("reason", reason));

    /// <summary>Counts an undecodable payload.</summary>
    public void MalformedPayload() => _malformedPayloads.Add(1);

    /// <inheritdoc />
    public void Dispose() => Meter.Dispose();
}
