using MeshAgent.Core.Reconciliation;

namespace MeshAgent.Daemon.Mesh;

/// <summary>
/// Makes admission visible where operators look (STATUS=, /health/ready, meshctl status): it converges once
/// this node holds its signed record, and until then reports what admission waits for. The work itself is
/// done by <see cref="AdmissionService"/> or, on the admin node, by the authority.
/// </summary>
public sealed class AdmissionReconciler(MeshState mesh, Func<string> waitingFor) : IReconciler
{
    /// <inheritdoc />
    public string Subsystem => "admission";

    /// <inheritdoc />
    public Task<ReconcilePlan> PlanAsync(CancellationToken cancellationToken) =>
        Task.FromResult(mesh.Self is not null
            ? ReconcilePlan.Empty(Subsystem)
            : new ReconcilePlan(Subsystem, [new PlannedChange(ChangeKind.Add, "signed record", waitingFor())]));

    /// <inheritdoc />
    public Task<ReconcileResult> ApplyAsync(ReconcilePlan plan, CancellationToken cancellationToken) =>
        Task.FromResult(mesh.Self is not null
            ? new ReconcileResult(Subsystem, [], true, null)
            : new ReconcileResult(Subsystem, [], false, $"not admitted yet: {waitingFor()}"));
}
