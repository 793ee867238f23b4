using MeshAgent.Core.Api;
using MeshAgent.Core.Reconciliation;

namespace MeshAgent.Daemon.Reconciliation;

/// <summary>What one attempt at one subsystem came to.</summary>
/// <param name="Subsystem">The reconciler's subsystem.</param>
/// <param name="State">Converged, diverged (applied, read-back differs) or failed (threw or timed out).</param>
/// <param name="Problem">One human line when not converged; null otherwise.</param>
/// <param name="Plan">The plan that was computed; null when planning failed.</param>
/// <param name="Applied">The steps carried out (empty when the plan was empty or applying failed).</param>
/// <param name="Duration">Wall time of plan plus apply.</param>
public sealed record ReconcileOutcome(
    string Subsystem,
    SubsystemState State,
    string? Problem,
    ReconcilePlan? Plan,
    IReadOnlyList<PlannedChange> Applied,
    TimeSpan Duration)
{
    /// <summary>The value of the <c>result</c> label of <c>meshagent_reconciles_total</c>.</summary>
    public string ResultLabel => State switch
    {
        SubsystemState.Converged => "converged",
        SubsystemState.Diverged => "diverged",
        _ => "failed",
    };
}
