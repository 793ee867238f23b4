using MeshAgent.Core.Api;
using MeshAgent.Daemon.Reconciliation;
using MeshAgent.Daemon.Tests.TestSupport;

namespace MeshAgent.Daemon.Tests.Reconciliation;

public class ReconcileStatusTests
{
    private readonly ReconcileLoopOptions _options = new()
    {
        BackoffInitial = TimeSpan.FromSeconds(1),
        BackoffMax = TimeSpan.FromSeconds(4),
        StallAfter = TimeSpan.FromSeconds(25),
    };

    [Test]
    public void Record_RepeatedFailures_BackoffDoublesUpToTheCapAndSuccessResetsIt()
    {
        var time = new ManualTimeProvider();
        var status = new ReconcileStatus(time, _options);
        status.Register(["dnsmasq"]);
        var delays = new List<TimeSpan>();

        for (var i = 0; i < 4; i++)
        {
            status.Record(Failed("dnsmasq"));
            var retry = status.Subsystems()[0].NextRetry!.Value;
            delays.Add(retry - time.GetUtcNow());
            Assert.That(status.IsDue("dnsmasq"), Is.False);
            time.Advance(retry - time.GetUtcNow());
            Assert.That(status.IsDue("dnsmasq"), Is.True);
        }

        status.Record(Converged("dnsmasq"));

        Assert.That(delays, Is.EqualTo(new[] { 1, 2, 4, 4 }.Select(s => TimeSpan.FromSeconds(s))));
        var state = status.Subsystems()[0];
        Assert.That(state.State, Is.EqualTo(SubsystemState.Converged));
        Assert.That(state.ConsecutiveFailures, Is.Zero);
        Assert.That(state.NextRetry, Is.Null);
        Assert.That(status.EarliestRetry(), Is.Null);
    }

    [Test]
    public void Summary_States_ShortHumanLines()
    {
        var status = new ReconcileStatus(new ManualTimeProvider(), _options);
        status.Register(["wireguard", "bridges", "dnsmasq"]);
        Assert.That(status.Summary(), Does.StartWith("starting"));

        status.Record(Converged("wireguard"));
        status.Record(Converged("bridges"));
        status.Record(Converged("dnsmasq"));
        status.CompletePass();
        Assert.That(status.Summary(), Is.EqualTo("ready: 3 subsystems converged"));

        status.Record(Failed("dnsmasq", "restart loop"));
        Assert.That(status.Summary(), Is.EqualTo("degraded: dnsmasq: restart loop"));
    }

    [Test]
    public void Summary_NoSubsystemsAfterFirstPass_SaysSoPlainly()
    {
        var status = new ReconcileStatus(new ManualTimeProvider(), _options);
        status.CompletePass();

        Assert.That(status.Summary(), Is.EqualTo("ready: no subsystems configured"));
    }

    [Test]
    public void Readiness_BeforeFirstPassAndWithAFailure_NotReadyWithReasons()
    {
        var status = new ReconcileStatus(new ManualTimeProvider(), _options);
        status.Register(["wireguard"]);
        status.SetLoopRunning(true);
        Assert.That(status.Readiness().Ready, Is.False);
        Assert.That(status.Readiness().Reasons, Has.Some.Contains("first reconcile"));

        status.Record(Failed("wireguard", "no such device"));
        status.CompletePass();
        Assert.That(status.Readiness().Reasons, Is.EqualTo(new[] { "wireguard: no such device" }));

        status.Record(Converged("wireguard"));
        Assert.That(status.Readiness(), Has.Property("Ready").True.And.Property("Reasons").Empty);
    }

    [Test]
    public void IsLoopHealthy_StepBusyLongerThanStallAfter_UnhealthyUntilItEnds()
    {
        var time = new ManualTimeProvider();
        var status = new ReconcileStatus(time, _options);
        status.Register(["wireguard"]);
        Assert.That(status.IsLoopHealthy(), Is.False, "a loop that is not running is not healthy");
        status.SetLoopRunning(true);
        status.BeginStep();
        time.Advance(TimeSpan.FromSeconds(24));
        Assert.That(status.IsLoopHealthy(), Is.True);

        time.Advance(TimeSpan.FromSeconds(1));
        Assert.That(status.IsLoopHealthy(), Is.False);

        status.Record(Converged("wireguard"));
        Assert.That(status.IsLoopHealthy(), Is.True);
    }

    private static ReconcileOutcome Failed(string subsystem, string problem = "boom") =>
        new(subsystem, SubsystemState.Failed, problem, null, [], TimeSpan.FromMilliseconds(1));

    private static ReconcileOutcome Converged(string subsystem) =>
        new(subsystem, SubsystemState.Converged, null, null, [], TimeSpan.FromMilliseconds(1));
}
