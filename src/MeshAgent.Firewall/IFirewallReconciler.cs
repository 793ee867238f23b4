using MeshAgent.Core.Reconciliation;

namespace MeshAgent.Firewall;

/// <summary>
/// A firewall backend as one reconciler (nftables, firewalld), with what metrics and <c>meshctl status</c> show.
/// Not thread-safe for calls; the properties may be read from any thread (they are replaced, never mutated).
/// </summary>
public interface IFirewallReconciler : IReconciler
{
    /// <summary>The backend's name for metrics and status: "nftables", "firewalld".</summary>
    string Backend { get; }

    /// <summary>True when the last read-back found everything as desired.</summary>
    bool InSync { get; }

    /// <summary>Rules (nftables) or firewalld settings as last planned or applied.</summary>
    int RuleCount { get; }

    /// <summary>When an apply last succeeded; null before the first.</summary>
    DateTimeOffset? LastApply { get; }

    /// <summary>What the last plan found that the admin should know (a drop elsewhere, a setting we cannot make), one line each.</summary>
    IReadOnlyList<string> Notices { get; }

    /// <summary>Undoes our runtime changes and nothing else; true when there was something to undo.</summary>
    Task<bool> CleanupAsync(CancellationToken cancellationToken);
}
