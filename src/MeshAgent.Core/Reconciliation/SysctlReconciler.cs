namespace MeshAgent.Core.Reconciliation;

/// <summary>
/// Keeps kernel settings (net.ipv4.ip_forward, rp_filter, bridge-nf-call-iptables, ...) at their desired
/// values by writing /proc/sys. A key that does not exist and is wanted "0" counts as satisfied: an
/// absent feature (br_netfilter not loaded) is off. Not thread-safe; the reconcile loop serialises calls.
/// </summary>
public sealed class SysctlReconciler : IReconciler
{
    /// <summary>Where the kernel exposes sysctls.</summary>
    public const string ProcSys = "/proc/sys";

    private readonly Func<IReadOnlyDictionary<string, string>> _desired;
    private readonly string _root;

    /// <summary>Creates the reconciler.</summary>
    /// <param name="desired">Current desired settings by dotted key.</param>
    /// <param name="root">/proc/sys, or a directory standing in for it in tests.</param>
    public SysctlReconciler(Func<IReadOnlyDictionary<string, string>> desired, string root = ProcSys)
    {
        _desired = desired;
        _root = root;
    }

    /// <inheritdoc />
    public string Subsystem => "sysctl";

    /// <inheritdoc />
    public Task<ReconcilePlan> PlanAsync(CancellationToken cancellationToken) =>
        Task.FromResult(new ReconcilePlan(Subsystem, Differences()));

    /// <inheritdoc />
    public async Task<ReconcileResult> ApplyAsync(ReconcilePlan plan, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var changes = Differences();
        var applied = new List<PlannedChange>();
        string? problem = null;
        foreach (var change in changes)
        {
            try
            {
                await File.WriteAllTextAsync(PathOf(change.Target), _desired()[change.Target] + "\n", cancellationToken);
                applied.Add(change);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // One setting that cannot be written must not keep the others from being set.
                problem ??= $"{change.Target}: {e.Message}";
            }
        }

        var remaining = Differences();
        return new ReconcileResult(Subsystem, applied, remaining.Count == 0, remaining.Count == 0 ? null : problem ?? $"{remaining[0].Target} did not take the value");
    }

    private List<PlannedChange> Differences()
    {
        var changes = new List<PlannedChange>();
        foreach (var (key, value) in _desired().OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            var path = PathOf(key);
            if (!File.Exists(path))
            {
                if (value != "0")
                {
                    changes.Add(new PlannedChange(ChangeKind.Update, key, $"missing -> {value}"));
                }

                continue;
            }

            var current = File.ReadAllText(path).Trim();
            if (current != value)
            {
                changes.Add(new PlannedChange(ChangeKind.Update, key, $"{current} -> {value}"));
            }
        }

        return changes;
    }

    private string PathOf(string key)
    {
        if (key.Contains("..", StringComparison.Ordinal) || key.Contains('/', StringComparison.Ordinal))
        {
            throw new ArgumentException($"Not a sysctl key: '{key}'", nameof(key));
        }

        return Path.Combine(_root, key.Replace('.', '/'));
    }
}
