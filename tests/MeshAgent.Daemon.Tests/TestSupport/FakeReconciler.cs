using MeshAgent.Core.Reconciliation;

namespace MeshAgent.Daemon.Tests.TestSupport;

/// <summary>A reconciler whose plan and apply are scripted per call (1-based call numbers).</summary>
internal sealed class FakeReconciler(string subsystem) : IReconciler
{
    private int _planCalls;
    private int _applyCalls;

    public string Subsystem { get; } = subsystem;

    /// <summary>Plan of call n; default: empty.</summary>
    public Func<int, CancellationToken, Task<ReconcilePlan>> Plan { get; init; } =
        (_, _) => Task.FromResult(ReconcilePlan.Empty(subsystem));

    /// <summary>Result of apply call n; default: converged with the plan's changes.</summary>
    public Func<int, ReconcilePlan, ReconcileResult>? Apply { get; init; }

    public int PlanCalls => Volatile.Read(ref _planCalls);

    public int ApplyCalls => Volatile.Read(ref _applyCalls);

    public static ReconcilePlan OneChange(string subsystem) =>
        new(subsystem, [new PlannedChange(ChangeKind.Add, "thing", string.Empty)]);

    public Task<ReconcilePlan> PlanAsync(CancellationToken cancellationToken) =>
        Plan(Interlocked.Increment(ref _planCalls), cancellationToken);

    public Task<ReconcileResult> ApplyAsync(ReconcilePlan plan, CancellationToken cancellationToken)
    {
        var call = Interlocked.Increment(ref _applyCalls);
        return Task.FromResult(Apply?.Invoke(call, plan) ?? new ReconcileResult(Subsystem, plan.Changes, true, null));
    }
}
