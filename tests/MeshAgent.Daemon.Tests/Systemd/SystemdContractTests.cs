using MeshAgent.Daemon.Systemd;
using MeshAgent.Daemon.Tests.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;

namespace MeshAgent.Daemon.Tests.Systemd;

/// <summary>
/// Our side of the notify contract over the library's notifier, against a real AF_UNIX datagram socket: the
/// notifier reads NOTIFY_SOCKET (path or abstract) and the variables are gone afterwards; sends the library
/// would throw on are reported as false. NonParallelizable: these tests set NOTIFY_SOCKET in this process.
/// </summary>
[NonParallelizable]
public class SystemdContractTests
{
    [Test]
    public async Task Notifier_PathSocket_DatagramArrivesVerbatimAndVariablesAreRemoved()
    {
        var directory = Directory.CreateTempSubdirectory("meshagent-notify-").FullName;
        try
        {
            using var listener = NotifyListener.AtPath(Path.Combine(directory, "notify"));
            var notifications = FromEnvironment(listener.NotifySocket, watchdogUsec: "4000000");

            Assert.That(notifications.Ready("ready: 2 subsystems converged"), Is.True);

            await listener.WaitForAsync(m => m.Text == "READY=1\nSTATUS=ready: 2 subsystems converged", "READY with STATUS");
            Assert.Multiple(() =>
            {
                Assert.That(Environment.GetEnvironmentVariable("NOTIFY_SOCKET"), Is.Null, "children must not inherit NOTIFY_SOCKET");
                Assert.That(Environment.GetEnvironmentVariable("WATCHDOG_USEC"), Is.Null, "children must not inherit WATCHDOG_USEC");
            });
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Test]
    public async Task Notifier_AbstractSocketWithAt_ReachesTheAbstractName()
    {
        using var listener = NotifyListener.Abstract("meshagent-test-" + Guid.NewGuid().ToString("N"));
        var notifications = FromEnvironment(listener.NotifySocket);

        Assert.That(notifications.WatchdogPing(), Is.True);

        await listener.WaitForAsync(m => m.Text == "WATCHDOG=1", "WATCHDOG=1");
    }

    [Test]
    public async Task Reloading_CarriesMonotonicUsecOfThisMoment()
    {
        using var listener = NotifyListener.Abstract("meshagent-test-" + Guid.NewGuid().ToString("N"));
        var notifications = FromEnvironment(listener.NotifySocket);

        var before = MonotonicClock.NowMicroseconds();
        Assert.That(notifications.Reloading(), Is.True);
        var after = MonotonicClock.NowMicroseconds();

        var index = await listener.WaitForAsync(m => m.Has("RELOADING", "1"), "RELOADING=1");
        Assert.That(long.Parse(listener.Messages[index].Get("MONOTONIC_USEC")!, System.Globalization.CultureInfo.InvariantCulture), Is.InRange(before, after));
    }

    [Test]
    public void Notify_NoSocket_DisabledAndReturnsFalse()
    {
        var notifications = FromEnvironment(null);

        Assert.That(notifications.IsEnabled, Is.False);
        Assert.That(notifications.Status("ready"), Is.False);
    }

    [Test]
    public void Notify_NobodyListening_ReturnsFalseInsteadOfThrowing()
    {
        // The library's Notify throws SocketException here; ours must not take the daemon down.
        var notifications = FromEnvironment("/nonexistent/meshagent/notify");

        Assert.That(notifications.IsEnabled, Is.True);
        Assert.That(notifications.Status("ready"), Is.False);
    }

    [TestCase("2000000", null, 42, 2000.0)]
    [TestCase("2000000", "42", 42, 2000.0)]
    [TestCase("2000000", "43", 42, null)]
    [TestCase("0", null, 42, null)]
    [TestCase("abc", null, 42, null)]
    [TestCase(null, null, 42, null)]
    public void ParseWatchdog_UsecAndPid_TimeoutOnlyForThisProcess(string? usec, string? pid, int self, double? expectedMs)
    {
        var timeout = WatchdogSettings.Parse(usec, pid, self);

        Assert.That(timeout?.TotalMilliseconds, Is.EqualTo(expectedMs));
    }

    private static SystemdNotifications FromEnvironment(string? notifySocket, string? watchdogUsec = null)
    {
        Environment.SetEnvironmentVariable("NOTIFY_SOCKET", notifySocket);
        Environment.SetEnvironmentVariable("WATCHDOG_USEC", watchdogUsec);
        try
        {
            return new SystemdNotifications(SystemdContract.CreateNotifierFromEnvironment(), NullLogger<SystemdNotifications>.Instance);
        }
        finally
        {
            Environment.SetEnvironmentVariable("NOTIFY_SOCKET", null);
            Environment.SetEnvironmentVariable("WATCHDOG_USEC", null);
        }
    }
}
