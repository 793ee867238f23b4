using MeshAgent.Core.Api;
using MeshAgent.Core.Reconciliation;
using MeshAgent.Daemon.Prometheus;
using MeshAgent.Daemon.Reconciliation;
using MeshAgent.Daemon.Tests.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;

namespace MeshAgent.Daemon.Tests.Reconciliation;

public class ReconcileRunnerTests
{
    private readonly ReconcileLoopOptions _options = new() { StepTimeout = TimeSpan.FromSeconds(20) };
    private ManualTimeProvider _time = null!;
    private ReconcileMetrics _metrics = null!;
    private MetricsExporter _collector = null!;
    private ReconcileRunner _runner = null!;

    [SetUp]
    public void Create()
    {
        _time = new ManualTimeProvider();
        _metrics = new ReconcileMetrics();
        var meter = _metrics.Meter;
        _collector = new MetricsExporter(m => ReferenceEquals(m, meter), includeProcessMetrics: false);
        _runner = new ReconcileRunner(_metrics, _options, _time, NullLogger<ReconcileRunner>.Instance);
    }

    [TearDown]
    public void Dispose()
    {
        _collector.Dispose();
        _metrics.Dispose();
    }

    [Test]
    public async Task RunAsync_EmptyPlan_ConvergedWithoutApplying()
    {
        var reconciler = new FakeReconciler("wireguard");

        var outcome = await _runner.RunAsync(reconciler, CancellationToken.None);

        Assert.That(outcome.State, Is.EqualTo(SubsystemState.Converged));
        Assert.That(reconciler.ApplyCalls, Is.Zero);
        Assert.That(await ScrapeAsync(), Does.Contain("meshagent_reconciles_total{result=\"converged\",subsystem=\"wireguard\"} 1"));
    }

    [Test]
    public async Task RunAsync_PlanThrows_FailedWithMessageAndCountedAsError()
    {
        var reconciler = new FakeReconciler("dnsmasq") { Plan = (_, _) => throw new InvalidOperationException("dnsmasq: restart loop") };

        var outcome = await _runner.RunAsync(reconciler, CancellationToken.None);

        Assert.That(outcome.State, Is.EqualTo(SubsystemState.Failed));
        Assert.That(outcome.Problem, Is.EqualTo("dnsmasq: restart loop"));
        var text = await ScrapeAsync();
        Assert.That(text, Does.Contain("meshagent_reconcile_errors_total{subsystem=\"dnsmasq\"} 1"));
        Assert.That(text, Does.Contain("meshagent_reconciles_total{result=\"failed\",subsystem=\"dnsmasq\"} 1"));
        Assert.That(text, Does.Contain("meshagent_reconcile_duration_seconds_count{subsystem=\"dnsmasq\"} 1"));
    }

    [Test]
    public async Task RunAsync_ApplyDoesNotConverge_DivergedWithProblem()
    {
        var reconciler = new FakeReconciler("bridges")
        {
            Plan = (_, _) => Task.FromResult(FakeReconciler.OneChange("bridges")),
            Apply = (_, plan) => new ReconcileResult("bridges", plan.Changes, false, "br0 has no carrier"),
        };

        var outcome = await _runner.RunAsync(reconciler, CancellationToken.None);

        Assert.That(outcome.State, Is.EqualTo(SubsystemState.Diverged));
        Assert.That(outcome.Problem, Is.EqualTo("br0 has no carrier"));
        Assert.That(outcome.Applied, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task RunAsync_StepOutlivesTimeout_FailedAsTimedOut()
    {
        var reconciler = new FakeReconciler("slow")
        {
            Plan = async (_, ct) =>
            {
                await Task.Delay(Timeout.InfiniteTimeSpan, ct);
                return ReconcilePlan.Empty("slow");
            },
        };

        var running = _runner.RunAsync(reconciler, CancellationToken.None);
        Assert.That(running.IsCompleted, Is.False);
        _time.Advance(_options.StepTimeout);
        var outcome = await running.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.That(outcome.State, Is.EqualTo(SubsystemState.Failed));
        Assert.That(outcome.Problem, Does.Contain("timed out after 20 s"));
    }

    [Test]
    public void RunAsync_CallerCancels_Propagates()
    {
        var reconciler = new FakeReconciler("x") { Plan = (_, ct) => Task.FromCanceled<ReconcilePlan>(ct) };
        using var cts = new CancellationTokenSource();
        cts.Cancel();

        Assert.That(async () => await _runner.RunAsync(reconciler, cts.Token), Throws.InstanceOf<OperationCanceledException>());
    }

    private Task<string> ScrapeAsync() => _collector.ScrapeAsync();
}
