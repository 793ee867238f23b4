using System.Diagnostics.Metrics;
using MeshAgent.Core.Reconciliation;

namespace MeshAgent.NetworkManager.Vrb;

/// <summary>
/// The VRB reconciler's instruments on the Meter "MeshAgent.NetworkManager": applies, rollbacks, changes by
/// kind, and whether NM answered the last call. Thread-safe.
/// </summary>
public sealed class VrbMetrics : IDisposable
{
    /// <summary>The meter name.</summary>
    public const string MeterName = "MeshAgent.NetworkManager";

    private readonly Meter _meter;
    private readonly Counter<long> _applies;
    private readonly Counter<long> _rollbacks;
    private readonly Counter<long> _changes;
    private volatile int _reachable;

    /// <summary>Creates the instruments on a meter from <paramref name="meterFactory"/> (or a private meter when null).</summary>
    public VrbMetrics(IMeterFactory? meterFactory = null)
    {
        _meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        _applies = _meter.CreateCounter<long>("meshagent.nm.applies", "{apply}", "Applies under an NM checkpoint (non-empty plans).");
        _rollbacks = _meter.CreateCounter<long>("meshagent.nm.rollbacks", "{rollback}", "Checkpoint rollbacks after a failed apply.");
        _changes = _meter.CreateCounter<long>("meshagent.nm.changes", "{change}", "Changes carried out, by kind (add, update, remove, activate).");
        _meter.CreateObservableGauge("meshagent.nm.reachable", () => _reachable, "1", "1 when the last NetworkManager call succeeded, else 0.");
    }

    internal void Applied() => _applies.Add(1);

    internal void RolledBack() => _rollbacks.Add(1);

    internal void Changed(ChangeKind kind) =>
        _changes.Add(1, new KeyValuePair<string, object?>("kind", kind.ToString().ToLowerInvariant()));

    internal void Reachable(bool reachable) => _reachable = reachable ? 1 : 0;

    /// <inheritdoc />
    public void Dispose() => _meter.Dispose();
}
