using System.Globalization;
using MeshAgent.Daemon.Systemd;
using MeshAgent.Daemon.Tests.TestSupport;
using MeshAgent.Interop;

namespace MeshAgent.Daemon.Tests.EndToEnd;

/// <summary>The systemd notify contract of the real daemon binary, observed on a real AF_UNIX datagram socket.</summary>
public class NotifyContractTests
{
    [TestCase(false, TestName = "Run_NotifySocketPath_FullSystemdSequence")]
    [TestCase(true, TestName = "Run_NotifySocketAbstract_FullSystemdSequence")]
    public async Task Run_FullSystemdSequence(bool abstractSocket)
    {
        using var sandbox = new DaemonSandbox();
        using var notify = abstractSocket
            ? NotifyListener.Abstract("meshagent-test-" + Guid.NewGuid().ToString("N"))
            : NotifyListener.AtPath(Path.Combine(sandbox.Directory, "notify"));
        await using var daemon = DaemonProcess.Start(
            DaemonProcess.DaemonPath,
            ["run", "--config", sandbox.ConfigPath],
            new Dictionary<string, string?> { ["NOTIFY_SOCKET"] = notify.NotifySocket, ["WATCHDOG_USEC"] = "2000000" });

        // READY=1 (the library's lifetime) with a human STATUS line in force (ours, sent just before it).
        var ready = await notify.WaitForAsync(m => m.Has("READY", "1"), "READY=1");
        Assert.That(notify.StatusAt(ready), Is.EqualTo("ready: no subsystems configured"));

        // WATCHDOG=1 about every second (half of WATCHDOG_USEC), never as late as the 2 s timeout.
        var pings = new List<TimeSpan>();
        var from = ready + 1;
        while (pings.Count < 5)
        {
            var index = await notify.WaitForAsync(m => m.Text == "WATCHDOG=1", "WATCHDOG=1", from);
            pings.Add(notify.Messages[index].At);
            from = index + 1;
        }

        var gaps = pings.Zip(pings.Skip(1), (a, b) => (b - a).TotalSeconds).ToList();
        Assert.That(gaps, Has.All.InRange(0.3, 1.95), "gaps between pings (s)");
        Assert.That(gaps.Average(), Is.InRange(0.75, 1.25), "mean gap between pings (s)");

        // SIGHUP: RELOADING=1 with CLOCK_MONOTONIC in µs, then READY=1 again.
        var beforeHup = MonotonicClock.NowMicroseconds();
        var hupFrom = notify.Messages.Count;
        daemon.Signal(UnixSignal.Hangup);
        var reloading = await notify.WaitForAsync(m => m.Has("RELOADING", "1"), "RELOADING=1", hupFrom);
        var afterReloading = MonotonicClock.NowMicroseconds();
        var monotonic = long.Parse(notify.Messages[reloading].Get("MONOTONIC_USEC")!, CultureInfo.InvariantCulture);
        Assert.That(monotonic, Is.InRange(beforeHup, afterReloading));
        var readyAgain = await notify.WaitForAsync(m => m.Has("READY", "1"), "READY=1 after reload", reloading + 1);
        Assert.That(notify.StatusAt(readyAgain), Is.EqualTo("ready: no subsystems configured"));

        // SIGTERM: STOPPING=1, orderly stop, exit 0.
        daemon.Signal(UnixSignal.Terminate);
        await notify.WaitForAsync(m => m.Has("STOPPING", "1"), "STOPPING=1", readyAgain + 1);
        Assert.That(await daemon.WaitForExitAsync(TimeSpan.FromSeconds(30)), Is.True, "the daemon exits after SIGTERM");
        Assert.That(daemon.ExitCode, Is.EqualTo(0), daemon.StandardError);
        Assert.That(File.Exists(sandbox.ApiSocket), Is.False, "the API socket is removed at stop");
    }

    [Test]
    public async Task Reload_InvalidConfig_ReportsEveryProblemAndKeepsLastGood()
    {
        using var sandbox = new DaemonSandbox();
        await using var daemon = await RunningDaemon.StartAsync(sandbox);
        File.WriteAllText(sandbox.ConfigPath, "node:\n  name: [broken\nbogus: 1\n");

        var from = daemon.Notify.Messages.Count;
        daemon.Process.Signal(UnixSignal.Hangup);
        var reloading = await daemon.Notify.WaitForAsync(m => m.Has("RELOADING", "1"), "RELOADING=1", from);
        await daemon.Notify.WaitForAsync(m => m.Has("READY", "1"), "READY=1 after the failed reload", reloading + 1);

        Assert.That(daemon.Process.StandardError, Does.Contain("keeping the last good configuration"));
        var status = await StatusApiTests.GetStatusJsonAsync(sandbox.ApiSocket);
        Assert.That(status.Node, Is.EqualTo(sandbox.NodeName));
        Assert.That(daemon.Process.HasExited, Is.False);
    }

    [Test]
    public async Task Reload_ValidChangedConfig_NewNodeNameInForce()
    {
        using var sandbox = new DaemonSandbox();
        await using var daemon = await RunningDaemon.StartAsync(sandbox);
        File.WriteAllText(sandbox.ConfigPath, File.ReadAllText(sandbox.ConfigPath).Replace(sandbox.NodeName, "renamed-node", StringComparison.Ordinal));

        var from = daemon.Notify.Messages.Count;
        daemon.Process.Signal(UnixSignal.Hangup);
        var reloading = await daemon.Notify.WaitForAsync(m => m.Has("RELOADING", "1"), "RELOADING=1", from);
        await daemon.Notify.WaitForAsync(m => m.Has("READY", "1"), "READY=1 after reload", reloading + 1);

        var status = await StatusApiTests.GetStatusJsonAsync(sandbox.ApiSocket);
        Assert.That(status.Node, Is.EqualTo("renamed-node"));
    }

    [Test]
    public async Task Start_FiveRuns_EachReachesReadyAndMedianIsReported()
    {
        var times = new List<double>();
        for (var run = 0; run < 5; run++)
        {
            using var sandbox = new DaemonSandbox();
            using var notify = NotifyListener.AtPath(Path.Combine(sandbox.Directory, "notify"));
            var started = notify.Elapsed;
            await using var daemon = DaemonProcess.Start(
                DaemonProcess.DaemonPath,
                ["run", "--config", sandbox.ConfigPath],
                new Dictionary<string, string?> { ["NOTIFY_SOCKET"] = notify.NotifySocket });
            var ready = await notify.WaitForAsync(m => m.Has("READY", "1"), "READY=1");
            times.Add((notify.Messages[ready].At - started).TotalMilliseconds);
        }

        times.Sort();
        TestContext.Out.WriteLine($"start to READY=1 (ms): {string.Join(", ", times.Select(t => t.ToString("0", CultureInfo.InvariantCulture)))}; median {times[2]:0} ms");
        Assert.That(times, Has.Count.EqualTo(5));
    }
}
