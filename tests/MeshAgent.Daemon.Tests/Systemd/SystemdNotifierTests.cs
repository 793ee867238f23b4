using MeshAgent.Daemon.Systemd;
using MeshAgent.Daemon.Tests.TestSupport;

namespace MeshAgent.Daemon.Tests.Systemd;

public class SystemdNotifierTests
{
    [Test]
    public async Task Notify_PathSocket_DatagramArrivesVerbatim()
    {
        var directory = Directory.CreateTempSubdirectory("man-").FullName;
        try
        {
            using var listener = NotifyListener.AtPath(Path.Combine(directory, "notify"));
            using var notifier = new SystemdNotifier(listener.NotifySocket, null);

            Assert.That(notifier.Notify("READY=1\nSTATUS=ready: 2 subsystems converged"), Is.True);

            await listener.WaitForAsync(m => m.Has("READY", "1") && m.Get("STATUS") == "ready: 2 subsystems converged", "READY with STATUS");
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Test]
    public async Task Notify_AbstractSocketWithAt_ReachesTheAbstractName()
    {
        using var listener = NotifyListener.Abstract("meshagent-test-" + Guid.NewGuid().ToString("N"));
        using var notifier = new SystemdNotifier(listener.NotifySocket, null);

        Assert.That(notifier.Notify("WATCHDOG=1"), Is.True);

        await listener.WaitForAsync(m => m.Text == "WATCHDOG=1", "WATCHDOG=1");
    }

    [Test]
    public void Notify_NoSocket_DisabledAndReturnsFalse()
    {
        using var notifier = new SystemdNotifier(null, null);

        Assert.That(notifier.IsEnabled, Is.False);
        Assert.That(notifier.Notify("READY=1"), Is.False);
    }

    [Test]
    public void Notify_NobodyListening_ReturnsFalseInsteadOfThrowing()
    {
        using var notifier = new SystemdNotifier("/nonexistent/meshagent/notify", null);

        Assert.That(notifier.Notify("READY=1"), Is.False);
    }

    [TestCase("2000000", null, 42, 2000.0)]
    [TestCase("2000000", "42", 42, 2000.0)]
    [TestCase("2000000", "43", 42, null)]
    [TestCase("0", null, 42, null)]
    [TestCase("abc", null, 42, null)]
    [TestCase(null, null, 42, null)]
    public void ParseWatchdog_UsecAndPid_TimeoutOnlyForThisProcess(string? usec, string? pid, int self, double? expectedMs)
    {
        var timeout = SystemdNotifier.ParseWatchdog(usec, pid, self);

        Assert.That(timeout?.TotalMilliseconds, Is.EqualTo(expectedMs));
    }
}
