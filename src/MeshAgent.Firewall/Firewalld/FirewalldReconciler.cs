using MeshAgent.Core.Reconciliation;
using MeshAgent.Firewall.Rules;

namespace MeshAgent.Firewall.Firewalld;

/// <summary>
/// The firewalld backend: where firewalld owns the firewall we never write nft rules behind its back (its drop
/// in its own table would win over our accept anyway); we bind interfaces, open ports and masquerade through its
/// D-Bus API, in the runtime and, where configured, the permanent configuration. Only what was missing is added,
/// and only what we added (kept in a <see cref="FirewalldRecord"/>) is ever removed. A firewalld reload (with
/// FlushAllOnReload=yes it drops runtime interface bindings) is seen through the <c>Reloaded</c> signal and asks
/// for a pass, which re-applies our runtime state. Not thread-safe: the reconcile loop serialises calls.
/// </summary>
public sealed class FirewalldReconciler : IFirewallReconciler, IDisposable
{
    /// <summary>The backend's name for metrics and status.</summary>
    public const string BackendName = "firewalld";

    private readonly Func<CancellationToken, Task<IFirewalldClient>> _connect;
    private readonly Func<FirewallSpec> _desired;
    private readonly FirewalldOptions _options;
    private readonly FirewalldRecord _record;
    private readonly Action<string>? _trigger;
    private readonly TimeProvider _time;
    private IFirewalldClient? _client;
    private IDisposable? _reloadWatch;

    /// <summary>Creates the reconciler; nothing is called before the first pass.</summary>
    /// <param name="connect">Connects to firewalld (the system bus in the daemon, a private bus in the lab).</param>
    /// <param name="desired">The current desired rules, read on every pass.</param>
    /// <param name="options">Our zone and whether to write permanent configuration.</param>
    /// <param name="record">Where the settings we added are kept.</param>
    /// <param name="trigger">Asks for a reconcile pass, with a reason; called from the bus's thread after a firewalld reload.</param>
    /// <param name="time">Clock of <see cref="LastApply"/>; null is the system clock.</param>
    public FirewalldReconciler(
        Func<CancellationToken, Task<IFirewalldClient>> connect,
        Func<FirewallSpec> desired,
        FirewalldOptions options,
        FirewalldRecord record,
        Action<string>? trigger = null,
        TimeProvider? time = null)
    {
        _connect = connect ?? throw new ArgumentNullException(nameof(connect));
        _desired = desired ?? throw new ArgumentNullException(nameof(desired));
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _record = record ?? throw new ArgumentNullException(nameof(record));
        _trigger = trigger;
        _time = time ?? TimeProvider.System;
    }

    /// <inheritdoc />
    public string Subsystem => "firewall";

    /// <inheritdoc />
    public string Backend => BackendName;

    /// <inheritdoc />
    public bool InSync { get; private set; }

    /// <inheritdoc />
    public int RuleCount { get; private set; }

    /// <inheritdoc />
    public DateTimeOffset? LastApply { get; private set; }

    /// <inheritdoc />
    public IReadOnlyList<string> Notices { get; private set; } = [];

    /// <summary>How many firewalld reloads we have seen (the <c>Reloaded</c> signal). Thread-safe.</summary>
    public int ReloadsSeen => Volatile.Read(ref _reloadsSeen);

    private int _reloadsSeen;

    private IReadOnlyList<FirewalldScope> Scopes => _options.Permanent ? [FirewalldScope.Runtime, FirewalldScope.Permanent] : [FirewalldScope.Runtime];

    /// <inheritdoc />
    public async Task<ReconcilePlan> PlanAsync(CancellationToken cancellationToken)
    {
        var (steps, desiredCount) = await StepsAsync(cancellationToken);
        InSync = steps.Count == 0;
        RuleCount = desiredCount;
        return new ReconcilePlan(Subsystem, steps.Select(step => step.Change).ToList());
    }

    /// <inheritdoc />
    public async Task<ReconcileResult> ApplyAsync(ReconcilePlan plan, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        if (plan.IsEmpty)
        {
            return new ReconcileResult(Subsystem, [], true, null);
        }

        // Re-read rather than trust the printed plan: what is missing is what we add.
        var (steps, _) = await StepsAsync(cancellationToken);
        var client = await ClientAsync(cancellationToken);
        var record = _record.Load().ToHashSet();
        var done = new List<Step>();
        try
        {
            foreach (var step in steps)
            {
                if (step.Change.Kind == ChangeKind.Add)
                {
                    await client.AddAsync(step.Entry.Scope, step.Entry.Setting, cancellationToken);
                    record.Add(step.Entry);
                }
                else
                {
                    await client.RemoveAsync(step.Entry.Scope, step.Entry.Setting, cancellationToken);
                    record.Remove(step.Entry);
                }

                done.Add(step);
            }
        }
        catch (FirewallException ex)
        {
            await RollBackAsync(client, done);
            throw new FirewallException($"firewalld refused a change (the previous settings are restored): {ex.Message}", ex);
        }
        finally
        {
            _record.Save(record);
        }

        LastApply = _time.GetUtcNow();
        var (after, count) = await StepsAsync(cancellationToken);
        InSync = after.Count == 0;
        RuleCount = count;
        return new ReconcileResult(
            Subsystem,
            done.Select(step => step.Change).ToList(),
            InSync,
            InSync ? null : "read-back: firewalld still lacks " + string.Join(", ", after.Select(step => step.Change.Target)));
    }

    /// <summary>Removes from the runtime configuration every setting we added, and nothing else; permanent ones stay (the admin asked for them).</summary>
    public async Task<bool> CleanupAsync(CancellationToken cancellationToken)
    {
        var record = _record.Load();
        var ours = record.Where(entry => entry.Scope == FirewalldScope.Runtime).ToList();
        if (ours.Count == 0)
        {
            return false;
        }

        var client = await ClientAsync(cancellationToken);
        foreach (var entry in ours)
        {
            await client.RemoveAsync(entry.Scope, entry.Setting, cancellationToken);
        }

        _record.Save(record.Except(ours).ToList());
        return true;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _reloadWatch?.Dispose();
        (_client as IDisposable)?.Dispose();
    }

    private static async Task RollBackAsync(IFirewalldClient client, List<Step> done)
    {
        for (var i = done.Count - 1; i >= 0; i--)
        {
            var entry = done[i].Entry;
            try
            {
                if (done[i].Change.Kind == ChangeKind.Add)
                {
                    await client.RemoveAsync(entry.Scope, entry.Setting, CancellationToken.None);
                }
                else
                {
                    await client.AddAsync(entry.Scope, entry.Setting, CancellationToken.None);
                }
            }
            catch (FirewallException)
            {
                // Best effort: the original error is what the caller needs; the next pass re-reads everything.
            }
        }
    }

    private async Task<(List<Step> Steps, int DesiredCount)> StepsAsync(CancellationToken cancellationToken)
    {
        var client = await ClientAsync(cancellationToken);
        var spec = _desired();
        var defaultZone = await client.GetDefaultZoneAsync(cancellationToken);
        var zones = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in spec.TrustedInterfaces.Concat(spec.MasqueradeInterfaces).Distinct())
        {
            zones[name] = await client.GetZoneOfInterfaceAsync(name, cancellationToken);
        }

        var desired = FirewalldDesiredState.From(spec, _options, defaultZone, name => zones.GetValueOrDefault(name, string.Empty));
        Notices = desired.Notices;
        var wanted = desired.Settings.SelectMany(setting => Scopes.Select(scope => new FirewalldEntry(scope, setting))).ToList();
        var steps = new List<Step>();
        foreach (var entry in wanted)
        {
            if (!await client.QueryAsync(entry.Scope, entry.Setting, cancellationToken))
            {
                steps.Add(new Step(new PlannedChange(ChangeKind.Add, entry.Setting.ToString(), Describe(entry.Scope)), entry));
            }
        }

        // What we added earlier and no longer want (the config changed); never what was there before us.
        foreach (var entry in _record.Load().Except(wanted))
        {
            if (await client.QueryAsync(entry.Scope, entry.Setting, cancellationToken))
            {
                steps.Add(new Step(new PlannedChange(ChangeKind.Remove, entry.Setting.ToString(), Describe(entry.Scope)), entry));
            }
        }

        return (steps, wanted.Count);
    }

    private async Task<IFirewalldClient> ClientAsync(CancellationToken cancellationToken)
    {
        if (_client is not null)
        {
            return _client;
        }

        var client = await _connect(cancellationToken);
        _reloadWatch = await client.WatchReloadedAsync(OnReloaded, cancellationToken);
        _client = client;
        return client;
    }

    private void OnReloaded()
    {
        Interlocked.Increment(ref _reloadsSeen);
        _trigger?.Invoke("firewalld-reloaded");
    }

    private static string Describe(FirewalldScope scope) => scope == FirewalldScope.Runtime ? "runtime" : "permanent";

    private sealed record Step(PlannedChange Change, FirewalldEntry Entry);
}
