namespace MeshAgent.Core.Reconciliation;

/// <summary>
/// Asks the daemon's reconcile loop for a pass. Subsystems call it when an event hints that the actual
/// state may have drifted (a netlink change, a member joined, dnsmasq exited). Requests are debounced and
/// coalesced; the pass re-reads and diffs everything, so a hint never needs to say what changed.
/// Thread-safe and non-blocking.
/// </summary>
public interface IReconcileTrigger
{
    /// <summary>Requests a pass soon; <paramref name="reason"/> is a short word for logs, e.g. "netlink".</summary>
    void Trigger(string reason);
}
