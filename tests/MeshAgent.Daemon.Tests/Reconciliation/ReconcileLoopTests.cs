using MeshAgent.Core.Api;
using MeshAgent.Core.Reconciliation;
using MeshAgent.Daemon.Reconciliation;
using MeshAgent.Lab;
using Microsoft.Extensions.Logging.Abstractions;

namespace MeshAgent.Daemon.Tests.Reconciliation;

/// <summary>
/// The loop on the real clock with short intervals. Nothing here depends on how fast the machine is:
/// tests wait for the loop's own completion signals, and intervals that must not fire are an hour long.
/// </summary>
public class ReconcileLoopTests
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(30);

    [Test]
    public async Task Start_OneReconcilerThrows_OthersRunAndFirstPassCompletes()
    {
        var broken = new TestSupport.FakeReconciler("broken") { Plan = (_, _) => throw new InvalidOperationException("kaputt") };
        var healthy = new TestSupport.FakeReconciler("healthy") { Plan = (_, _) => Task.FromResult(TestSupport.FakeReconciler.OneChange("healthy")) };
        await using var harness = new LoopHarness([broken, healthy], new ReconcileLoopOptions { Period = TimeSpan.FromHours(1) });

        await harness.StartAsync();

        Assert.That(healthy.ApplyCalls, Is.EqualTo(1));
        var states = harness.Status.Subsystems();
        Assert.That(states.Select(s => s.State), Is.EqualTo(new[] { SubsystemState.Failed, SubsystemState.Converged }));
        Assert.That(states[0].Problem, Is.EqualTo("kaputt"));
    }

    [Test]
    public async Task Trigger_BurstOfHints_CoalescedIntoOnePass()
    {
        var reconciler = new TestSupport.FakeReconciler("wireguard");
        var options = new ReconcileLoopOptions { Period = TimeSpan.FromHours(1), Debounce = TimeSpan.FromSeconds(1) };
        await using var harness = new LoopHarness([reconciler], options);
        await harness.StartAsync();
        Assert.That(reconciler.PlanCalls, Is.EqualTo(1), "the start pass");

        harness.Loop.Trigger("netlink");
        harness.Loop.Trigger("netlink");
        harness.Loop.Trigger("member");
        await harness.Loop.RequestPassAsync("test", bypassBackoff: false, CancellationToken.None).WaitAsync(Guard);

        Assert.That(reconciler.PlanCalls, Is.EqualTo(2));
    }

    [Test]
    public async Task Loop_FailedSubsystem_RetriedByItsBackoffTimerWithoutAnyHint()
    {
        var flaky = new TestSupport.FakeReconciler("flaky")
        {
            Plan = (call, _) => call == 1 ? throw new IOException("not yet") : Task.FromResult(ReconcilePlan.Empty("flaky")),
        };
        var options = new ReconcileLoopOptions { Period = TimeSpan.FromHours(1), BackoffInitial = TimeSpan.FromMilliseconds(200) };
        await using var harness = new LoopHarness([flaky], options);
        await harness.StartAsync();
        Assert.That(harness.Status.Subsystems()[0].State, Is.EqualTo(SubsystemState.Failed));

        await Poll.UntilAsync(() => harness.Status.Subsystems()[0].State == SubsystemState.Converged, Guard, "the retry after backoff");

        Assert.That(flaky.PlanCalls, Is.EqualTo(2));
    }

    [Test]
    public async Task RequestPass_SubsystemBackingOff_HintSkipsItButBypassRunsIt()
    {
        var failing = new TestSupport.FakeReconciler("failing") { Plan = (_, _) => throw new IOException("down") };
        var other = new TestSupport.FakeReconciler("other");
        var options = new ReconcileLoopOptions
        {
            Period = TimeSpan.FromHours(1),
            Debounce = TimeSpan.FromMilliseconds(10),
            BackoffInitial = TimeSpan.FromHours(1),
        };
        await using var harness = new LoopHarness([failing, other], options);
        await harness.StartAsync();

        await harness.Loop.RequestPassAsync("hint", bypassBackoff: false, CancellationToken.None).WaitAsync(Guard);
        Assert.That((failing.PlanCalls, other.PlanCalls), Is.EqualTo((1, 2)));

        await harness.Loop.RequestPassAsync("reload", bypassBackoff: true, CancellationToken.None).WaitAsync(Guard);
        Assert.That((failing.PlanCalls, other.PlanCalls), Is.EqualTo((2, 3)));
    }

    [Test]
    public void Create_TwoReconcilersClaimOneSubsystem_Throws()
    {
        Assert.That(
            () => new LoopHarness([new TestSupport.FakeReconciler("x"), new TestSupport.FakeReconciler("x")], new ReconcileLoopOptions()),
            Throws.InvalidOperationException.With.Message.Contains("'x'"));
    }

    private sealed class LoopHarness : IAsyncDisposable
    {
        private readonly ReconcileMetrics _metrics = new();

        public LoopHarness(IReadOnlyList<IReconciler> reconcilers, ReconcileLoopOptions options)
        {
            Status = new ReconcileStatus(TimeProvider.System, options);
            var runner = new ReconcileRunner(_metrics, options, TimeProvider.System, NullLogger<ReconcileRunner>.Instance);
            Loop = new ReconcileLoop(reconcilers, runner, Status, _metrics, options, TimeProvider.System, NullLogger<ReconcileLoop>.Instance);
        }

        public ReconcileStatus Status { get; }

        public ReconcileLoop Loop { get; }

        public async Task StartAsync()
        {
            await Loop.StartAsync(CancellationToken.None);
            await Status.FirstPassCompleted.WaitAsync(Guard);
            Assert.That(Status.IsLoopHealthy(), Is.True);
        }

        public async ValueTask DisposeAsync()
        {
            await Loop.StopAsync(CancellationToken.None);
            Assert.That(Status.IsLoopHealthy(), Is.False, "a stopped loop reports itself unhealthy");
            Loop.Dispose();
            _metrics.Dispose();
        }
    }
}
