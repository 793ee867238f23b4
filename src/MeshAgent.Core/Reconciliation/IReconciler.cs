namespace MeshAgent.Core.Reconciliation;

/// <summary>
/// One subsystem's reconciler (WireGuard, dnsmasq, NetworkManager bridges, sysctls). It knows its own
/// desired state (handed to it by the composition root), observes the actual state through its driver,
/// plans the difference and applies it. Applying a plan and planning again must yield an empty plan.
/// Calls are never concurrent for one reconciler: the reconcile loop serialises them.
/// </summary>
public interface IReconciler
{
    /// <summary>Short stable subsystem name used in metrics labels, logs and plan output: "wireguard".</summary>
    string Subsystem { get; }

    /// <summary>Reads the actual state and returns what would change. Never modifies anything.</summary>
    Task<ReconcilePlan> PlanAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Applies <paramref name="plan"/> (from <see cref="PlanAsync"/>), then reads back. Throws on failure
    /// after rolling back or leaving the previous state intact.
    /// </summary>
    Task<ReconcileResult> ApplyAsync(ReconcilePlan plan, CancellationToken cancellationToken);
}

/// <summary>What kind of change a plan step is.</summary>
public enum ChangeKind
{
    /// <summary>Something is created.</summary>
    Add,

    /// <summary>Something existing is changed in place.</summary>
    Update,

    /// <summary>Something is removed.</summary>
    Remove,

    /// <summary>A profile or link is brought up.</summary>
    Activate,

    /// <summary>A profile or link is brought down.</summary>
    Deactivate,

    /// <summary>A supervised process is restarted.</summary>
    Restart,

    /// <summary>A supervised process re-reads its files (SIGHUP).</summary>
    Reload,
}

/// <summary>One step of a plan, printable for <c>meshagent plan</c>.</summary>
/// <param name="Kind">Kind of change.</param>
/// <param name="Target">What is changed: "peer xTAk…=", "profile meshagent-br0", "net.ipv4.ip_forward".</param>
/// <param name="Detail">Human detail: "allowed-ips 10.0.0.2/32 -> 10.0.0.0/24"; may be empty.</param>
public sealed record PlannedChange(ChangeKind Kind, string Target, string Detail)
{
    /// <summary>One line as <c>meshagent plan</c> prints it: "  ~ update profile meshagent-br0: ...".</summary>
    public override string ToString()
    {
        var symbol = Kind switch
        {
            ChangeKind.Add => '+',
            ChangeKind.Remove => '-',
            ChangeKind.Activate or ChangeKind.Deactivate => '*',
            ChangeKind.Restart or ChangeKind.Reload => '!',
            _ => '~',
        };
        var verb = Kind.ToString().ToLowerInvariant();
        return Detail.Length == 0 ? $"{symbol} {verb} {Target}" : $"{symbol} {verb} {Target}: {Detail}";
    }
}

/// <summary>A plan: the changes that would bring one subsystem to its desired state.</summary>
/// <param name="Subsystem">The reconciler's <see cref="IReconciler.Subsystem"/>.</param>
/// <param name="Changes">Ordered steps; empty when the subsystem is converged.</param>
public sealed record ReconcilePlan(string Subsystem, IReadOnlyList<PlannedChange> Changes)
{
    /// <summary>True when nothing needs to change.</summary>
    public bool IsEmpty => Changes.Count == 0;

    /// <summary>An empty plan for <paramref name="subsystem"/>.</summary>
    public static ReconcilePlan Empty(string subsystem) => new(subsystem, []);
}

/// <summary>The outcome of applying a plan.</summary>
/// <param name="Subsystem">Which reconciler.</param>
/// <param name="Applied">The steps that were carried out.</param>
/// <param name="Converged">True when the read-back matches the desired state.</param>
/// <param name="Problem">Why it did not converge, in one human line; null when converged.</param>
public sealed record ReconcileResult(string Subsystem, IReadOnlyList<PlannedChange> Applied, bool Converged, string? Problem);
