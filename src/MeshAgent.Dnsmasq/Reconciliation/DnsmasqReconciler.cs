using System.Globalization;
using MeshAgent.Core.Reconciliation;
using MeshAgent.Dnsmasq.Configuration;
using MeshAgent.Dnsmasq.Rendering;
using MeshAgent.Dnsmasq.Supervision;

namespace MeshAgent.Dnsmasq.Reconciliation;

/// <summary>
/// Brings dnsmasq to the desired <see cref="DnsmasqOptions"/>: renders the files, compares them with the disk
/// and with what the running process loaded, and plans a start (Add), a Restart (config or arguments
/// changed), a Reload (only hosts files changed: SIGHUP) or file rewrites only. Calls are serialised by the
/// reconcile loop (see <see cref="IReconciler"/>).
/// </summary>
public sealed class DnsmasqReconciler : IReconciler
{
    /// <summary>How long Apply waits for dnsmasq to answer after a start or restart before reporting "not converged".</summary>
    public static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(10);

    private const string ProcessTarget = "process dnsmasq";

    private readonly DnsmasqSupervisor supervisor;
    private readonly Func<DnsmasqOptions> desiredOptions;

    /// <summary>Creates the reconciler.</summary>
    /// <param name="supervisor">The supervisor it drives; the reconciler starts it on the first apply.</param>
    /// <param name="desiredOptions">Returns the current desired options (config + mesh members); called once per plan.</param>
    public DnsmasqReconciler(DnsmasqSupervisor supervisor, Func<DnsmasqOptions> desiredOptions)
    {
        this.supervisor = supervisor;
        this.desiredOptions = desiredOptions;
    }

    /// <inheritdoc />
    public string Subsystem => "dnsmasq";

    /// <inheritdoc />
    /// <exception cref="DnsmasqConfigException">The desired options are invalid.</exception>
    public Task<ReconcilePlan> PlanAsync(CancellationToken cancellationToken)
    {
        var rendering = DnsmasqRenderer.Render(desiredOptions());
        return Task.FromResult(new ReconcilePlan(Subsystem, Plan(rendering)));
    }

    /// <inheritdoc />
    public async Task<ReconcileResult> ApplyAsync(ReconcilePlan plan, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var rendering = DnsmasqRenderer.Render(desiredOptions());
        var processChange = plan.Changes.FirstOrDefault(c => c.Target == ProcessTarget);
        var waitForReady = true;
        switch (processChange?.Kind)
        {
            case ChangeKind.Add:
                await supervisor.StartAsync(rendering, cancellationToken);
                break;
            case ChangeKind.Restart:
                await supervisor.RestartAsync(rendering, cancellationToken);
                break;
            case ChangeKind.Reload:
                await supervisor.ReloadAsync(rendering, cancellationToken);
                break;
            default:
                // Files drifted on disk but the process has the right content loaded: rewrite them only.
                DnsmasqFileStore.WriteAll(rendering);
                waitForReady = false;
                break;
        }

        var expected = processChange?.Kind is ChangeKind.Add or ChangeKind.Restart ? rendering : null;
        var ready = waitForReady
            ? await supervisor.WaitForReadyAsync(expected, ReadyTimeout, cancellationToken)
            : supervisor.Status.IsReady;
        var remaining = Plan(rendering);
        var converged = ready && remaining.Count == 0;
        var problem = converged ? null
            : !ready ? supervisor.Status.StatusLine
            : "still differs: " + string.Join("; ", remaining);
        return new ReconcileResult(Subsystem, plan.Changes, converged, problem);
    }

    private List<PlannedChange> Plan(DnsmasqRendering rendering)
    {
        var changes = new List<PlannedChange>();
        foreach (var (path, actual, desired) in DnsmasqFileStore.Differences(rendering))
        {
            changes.Add(actual is null
                ? new PlannedChange(ChangeKind.Add, "file " + path, LineCount(desired))
                : new PlannedChange(ChangeKind.Update, "file " + path, LineCount(actual) + " -> " + LineCount(desired)));
        }

        var loaded = supervisor.Loaded;
        if (!supervisor.IsSupervising)
        {
            changes.Add(new PlannedChange(ChangeKind.Add, ProcessTarget, "start " + rendering.BinaryPath));
        }
        else if (loaded is null || rendering.NeedsRestartFrom(loaded))
        {
            changes.Add(new PlannedChange(ChangeKind.Restart, ProcessTarget, "config changed"));
        }
        else if (rendering.HostsDifferFrom(loaded))
        {
            changes.Add(new PlannedChange(ChangeKind.Reload, ProcessTarget, "hosts files changed (SIGHUP)"));
        }

        return changes;
    }

    private static string LineCount(string text) =>
        string.Create(CultureInfo.InvariantCulture, $"{text.Count(c => c == '\n')} lines");
}
