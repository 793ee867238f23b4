using System.Net;
using MeshAgent.Dnsmasq.Configuration;
using MeshAgent.Dnsmasq.Supervision;
using MeshAgent.Dnsmasq.Tests.Fakes;
using MeshAgent.Interop;

namespace MeshAgent.Dnsmasq.Tests;

public sealed class DnsmasqSupervisorTests
{
    [Test]
    public async Task StartAsync_ProbeAnswers_ReadyWithOurArgumentsAndFiles()
    {
        await using var rig = new SupervisorRig();

        await rig.StartReadyAsync();

        var rendering = rig.Render();
        Assert.Multiple(() =>
        {
            Assert.That(rig.Launcher.Started, Has.Count.EqualTo(1));
            Assert.That(rig.Launcher.Last.FileName, Is.EqualTo("/usr/sbin/dnsmasq"));
            Assert.That(rig.Launcher.Last.Arguments, Is.EqualTo(rendering.Arguments));
            Assert.That(File.ReadAllText(rendering.Paths.ConfigFile), Is.EqualTo(rendering.Config));
            Assert.That(File.ReadAllText(rendering.Paths.MeshHostsFile), Is.EqualTo(rendering.MeshHosts));
            Assert.That(rig.Supervisor.Status.Pid, Is.EqualTo(rig.Launcher.Last.Pid));
            Assert.That(rig.Supervisor.Status.StatusLine, Does.StartWith("dnsmasq ready"));
        });
    }

    [Test]
    public async Task StartAsync_ProbeSilent_NotReady()
    {
        await using var rig = new SupervisorRig();
        rig.Probe.Answers = false;

        await rig.Supervisor.StartAsync(rig.Render(), CancellationToken.None);
        await Eventually.TrueAsync(() => rig.Probe.Probes >= 3 || rig.Clock.PendingDelays.Count > 0, "probing");
        for (var i = 0; i < 5; i++)
        {
            rig.Clock.Advance(TimeSpan.FromMilliseconds(100));
        }

        Assert.That(rig.Supervisor.Status.State, Is.EqualTo(DnsmasqState.Starting));
        Assert.That(rig.Supervisor.Status.IsReady, Is.False);
    }

    [Test]
    public async Task ProcessExits_RestartedAfterHalfASecond()
    {
        await using var rig = new SupervisorRig();
        await rig.StartReadyAsync();
        var first = rig.Launcher.Last;

        var delay = await rig.CrashAndWaitForScheduleAsync(DnsmasqState.Backoff);
        Assert.That(rig.Supervisor.Status.Problem, Does.Contain("exited with 1").And.Contain("bad option"));
        rig.Clock.Advance(delay);

        await Eventually.TrueAsync(() => rig.Supervisor.Status.IsReady && rig.Launcher.Started.Count == 2, "restarted and ready");
        Assert.Multiple(() =>
        {
            Assert.That(delay, Is.EqualTo(TimeSpan.FromMilliseconds(500)));
            Assert.That(rig.Launcher.Last.Pid, Is.Not.EqualTo(first.Pid));
            Assert.That(rig.Supervisor.Status.Restarts, Is.EqualTo(1));
        });
    }

    [Test]
    public async Task ProcessKeepsCrashing_BackoffDoublesThenCrashLoopRetriesSlowly()
    {
        await using var rig = new SupervisorRig();
        await rig.StartReadyAsync();
        var delays = new List<TimeSpan>();

        for (var i = 0; i < 5; i++)
        {
            var delay = await rig.CrashAndWaitForScheduleAsync(DnsmasqState.Backoff);
            delays.Add(delay);
            var starts = rig.Supervisor.Starts;
            rig.Clock.Advance(delay);
            await Eventually.TrueAsync(() => rig.Supervisor.Starts == starts + 1, "next start");
        }

        var slow = await rig.CrashAndWaitForScheduleAsync(DnsmasqState.CrashLoop);
        var startsInLoop = rig.Supervisor.Starts;
        rig.Clock.Advance(slow - TimeSpan.FromSeconds(1));

        Assert.Multiple(() =>
        {
            Assert.That(delays.Select(d => d.TotalSeconds), Is.EqualTo(new List<double> { 0.5, 1, 2, 4, 8 }));
            Assert.That(slow, Is.EqualTo(TimeSpan.FromSeconds(60)));
            Assert.That(rig.Supervisor.Status.IsReady, Is.False);
            Assert.That(rig.Supervisor.Status.StatusLine, Does.StartWith("dnsmasq crash loop"));
            Assert.That(rig.Clock.PendingDelays, Does.Contain(TimeSpan.FromSeconds(1)), "the slow retry is still pending");
            Assert.That(rig.Supervisor.Starts, Is.EqualTo(startsInLoop), "no start while crash-looping before the slow retry");
        });

        rig.Clock.Advance(TimeSpan.FromSeconds(1));
        await Eventually.TrueAsync(() => rig.Supervisor.Status.IsReady, "slow retry started and answered");
    }

    [Test]
    public async Task RestartAsync_DuringCrashLoop_StartsAtOnceWithNewConfig()
    {
        await using var rig = new SupervisorRig();
        await rig.StartReadyAsync();
        for (var i = 0; i < 5; i++)
        {
            var delay = await rig.CrashAndWaitForScheduleAsync(DnsmasqState.Backoff);
            var starts = rig.Supervisor.Starts;
            rig.Clock.Advance(delay);
            await Eventually.TrueAsync(() => rig.Supervisor.Starts == starts + 1, "next start");
        }

        await rig.CrashAndWaitForScheduleAsync(DnsmasqState.CrashLoop);
        var fixedConfig = rig.Render(rig.Options with { Domain = "home" });

        await rig.Supervisor.RestartAsync(fixedConfig, CancellationToken.None);

        Assert.That(await rig.Supervisor.WaitForReadyAsync(fixedConfig, TimeSpan.FromSeconds(30), CancellationToken.None), Is.True);
        Assert.That(File.ReadAllText(fixedConfig.Paths.ConfigFile), Does.Contain("domain=home"));
        var next = await rig.CrashAndWaitForScheduleAsync(DnsmasqState.Backoff);
        Assert.That(next, Is.EqualTo(TimeSpan.FromMilliseconds(500)), "a new config starts the backoff over");
    }

    [Test]
    public async Task RestartAsync_Running_TermsOldAndStartsNew()
    {
        await using var rig = new SupervisorRig();
        await rig.StartReadyAsync();
        var old = rig.Launcher.Last;
        var changed = rig.Render(rig.Options with { Domain = "home" });

        await rig.Supervisor.RestartAsync(changed, CancellationToken.None);

        Assert.That(await rig.Supervisor.WaitForReadyAsync(changed, TimeSpan.FromSeconds(30), CancellationToken.None), Is.True);
        Assert.Multiple(() =>
        {
            Assert.That(old.Signals, Is.EqualTo(new List<UnixSignal> { UnixSignal.Terminate }));
            Assert.That(rig.Launcher.Started, Has.Count.EqualTo(2));
            Assert.That(rig.Supervisor.Status.Restarts, Is.EqualTo(1));
        });
    }

    [Test]
    public async Task ReloadAsync_HostsChanged_SighupSamePidFilesWritten()
    {
        await using var rig = new SupervisorRig();
        await rig.StartReadyAsync();
        var running = rig.Launcher.Last;
        var options = rig.Options with { MeshHosts = [.. rig.Options.MeshHosts, new MeshHost("spoke-9", [IPAddress.Parse("10.10.11.9")])] };
        var reloaded = rig.Render(options);

        await rig.Supervisor.ReloadAsync(reloaded, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(running.Signals, Is.EqualTo(new List<UnixSignal> { UnixSignal.Hangup }));
            Assert.That(rig.Launcher.Started, Has.Count.EqualTo(1));
            Assert.That(rig.Supervisor.Status.Reloads, Is.EqualTo(1));
            Assert.That(rig.Supervisor.Loaded, Is.SameAs(reloaded));
            Assert.That(File.ReadAllText(reloaded.Paths.MeshHostsFile), Does.Contain("10.10.11.9 spoke-9.mesh"));
        });
    }

    [Test]
    public async Task ReloadAsync_ConfigChanged_Throws()
    {
        await using var rig = new SupervisorRig();
        await rig.StartReadyAsync();

        Assert.ThrowsAsync<InvalidOperationException>(() => rig.Supervisor.ReloadAsync(rig.Render(rig.Options with { Domain = "home" }), CancellationToken.None));
    }

    [Test]
    public async Task StopAsync_Running_TermThenStoppedAndPidFileRemoved()
    {
        await using var rig = new SupervisorRig();
        await rig.StartReadyAsync();
        var running = rig.Launcher.Last;
        var pidFile = rig.Render().Paths.PidFile;
        await File.WriteAllTextAsync(pidFile, running.Pid + "\n");

        await rig.Supervisor.StopAsync(CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(running.Signals, Is.EqualTo(new List<UnixSignal> { UnixSignal.Terminate }));
            Assert.That(running.Exited.IsCompleted, Is.True);
            Assert.That(rig.Supervisor.Status.State, Is.EqualTo(DnsmasqState.Stopped));
            Assert.That(File.Exists(pidFile), Is.False);
        });
    }

    [Test]
    public async Task StopAsync_TermIgnored_KillAfterFiveSeconds()
    {
        await using var rig = new SupervisorRig();
        rig.Launcher.IgnoreTerm = true;
        await rig.StartReadyAsync();
        var running = rig.Launcher.Last;

        var stop = rig.Supervisor.StopAsync(CancellationToken.None);
        await Eventually.TrueAsync(() => rig.Clock.PendingDelays.Contains(TimeSpan.FromSeconds(5)), "grace timer armed");
        Assert.That(running.Signals, Is.EqualTo(new List<UnixSignal> { UnixSignal.Terminate }));
        rig.Clock.Advance(TimeSpan.FromSeconds(5));
        await stop;

        Assert.That(running.Signals, Is.EqualTo(new List<UnixSignal> { UnixSignal.Terminate, UnixSignal.Kill }));
    }

    [Test]
    public async Task StartAsync_BinaryMissing_BackoffNotCrash()
    {
        await using var rig = new SupervisorRig();
        rig.Launcher.FailToStart = true;

        await rig.Supervisor.StartAsync(rig.Render(), CancellationToken.None);

        await Eventually.TrueAsync(
            () => rig.Supervisor.Status.State == DnsmasqState.Backoff && rig.Clock.PendingDelays.Contains(TimeSpan.FromMilliseconds(500)),
            "backoff timer armed");
        Assert.That(rig.Supervisor.Status.Problem, Does.Contain("cannot start"));
        rig.Launcher.FailToStart = false;
        rig.Clock.Advance(TimeSpan.FromMilliseconds(500));
        await Eventually.TrueAsync(() => rig.Supervisor.Status.IsReady, "started on retry");
    }

    [Test]
    public async Task StartAsync_Twice_Throws()
    {
        await using var rig = new SupervisorRig();
        await rig.StartReadyAsync();

        Assert.ThrowsAsync<InvalidOperationException>(() => rig.Supervisor.StartAsync(rig.Render(), CancellationToken.None));
    }

    [Test]
    public async Task WaitForReadyAsync_NeverAnswers_FalseAtTimeout()
    {
        await using var rig = new SupervisorRig();
        rig.Probe.Answers = false;
        await rig.Supervisor.StartAsync(rig.Render(), CancellationToken.None);

        var wait = rig.Supervisor.WaitForReadyAsync(null, TimeSpan.FromSeconds(2), CancellationToken.None);
        await Eventually.TrueAsync(() => rig.Clock.PendingDelays.Contains(TimeSpan.FromSeconds(2)), "wait armed");

        // In steps: a state change may re-arm the wait while the clock moves (see DnsmasqReconcilerTests).
        for (var step = 0; !wait.IsCompleted && step < 100; step++)
        {
            rig.Clock.Advance(TimeSpan.FromMilliseconds(250));
            await Task.WhenAny(wait, Task.Delay(10));
        }

        Assert.That(await wait, Is.False);
    }
}
