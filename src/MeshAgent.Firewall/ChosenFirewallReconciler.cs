using MeshAgent.Core.Reconciliation;

namespace MeshAgent.Firewall;

/// <summary>
/// The firewall reconciler for <c>backend: auto</c>: on the first pass it asks whether firewalld runs (owns its
/// name on the system bus) and from then on is firewalld's backend or nftables', for the daemon's lifetime (a
/// backend switch mid-run would leave the other's state behind). Before the first pass <see cref="Backend"/> is
/// "undecided". Not thread-safe for calls, like every reconciler.
/// </summary>
/// <param name="firewalldRunning">Asks the bus whether firewalld runs.</param>
/// <param name="firewalld">Creates the firewalld backend.</param>
/// <param name="nftables">Creates the nftables backend.</param>
public sealed class ChosenFirewallReconciler(
    Func<CancellationToken, Task<bool>> firewalldRunning,
    Func<IFirewallReconciler> firewalld,
    Func<IFirewallReconciler> nftables) : IFirewallReconciler, IDisposable
{
    private IFirewallReconciler? _chosen;

    /// <inheritdoc />
    public string Subsystem => "firewall";

    /// <inheritdoc />
    public string Backend => _chosen?.Backend ?? "undecided";

    /// <inheritdoc />
    public bool InSync => _chosen?.InSync ?? false;

    /// <inheritdoc />
    public int RuleCount => _chosen?.RuleCount ?? 0;

    /// <inheritdoc />
    public DateTimeOffset? LastApply => _chosen?.LastApply;

    /// <inheritdoc />
    public IReadOnlyList<string> Notices => _chosen?.Notices ?? [];

    /// <inheritdoc />
    public async Task<ReconcilePlan> PlanAsync(CancellationToken cancellationToken) => await (await ChooseAsync(cancellationToken)).PlanAsync(cancellationToken);

    /// <inheritdoc />
    public async Task<ReconcileResult> ApplyAsync(ReconcilePlan plan, CancellationToken cancellationToken) =>
        await (await ChooseAsync(cancellationToken)).ApplyAsync(plan, cancellationToken);

    /// <inheritdoc />
    public async Task<bool> CleanupAsync(CancellationToken cancellationToken) => await (await ChooseAsync(cancellationToken)).CleanupAsync(cancellationToken);

    /// <inheritdoc />
    public void Dispose() => (_chosen as IDisposable)?.Dispose();

    private async Task<IFirewallReconciler> ChooseAsync(CancellationToken cancellationToken) =>
        _chosen ??= await firewalldRunning(cancellationToken) ? firewalld() : nftables();
}
