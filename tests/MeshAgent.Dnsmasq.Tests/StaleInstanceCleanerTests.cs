using MeshAgent.Dnsmasq.Rendering;
using MeshAgent.Dnsmasq.Supervision;
using MeshAgent.Interop;

namespace MeshAgent.Dnsmasq.Tests;

public sealed class StaleInstanceCleanerTests
{
    private string root = string.Empty;
    private DnsmasqPaths paths = null!;
    private List<(int Pid, UnixSignal Signal)> sent = null!;

    [SetUp]
    public void CreateFakeProc()
    {
        root = Directory.CreateTempSubdirectory("dnsmasq-stale-").FullName;
        Directory.CreateDirectory(Path.Combine(root, "proc"));
        Directory.CreateDirectory(Path.Combine(root, "run"));
        paths = new DnsmasqPaths(Path.Combine(root, "run"));
        sent = [];
    }

    [TearDown]
    public void RemoveFakeProc() => Directory.Delete(root, recursive: true);

    [Test]
    public async Task StopStaleAsync_OurDnsmasq_TermAndGone()
    {
        WriteProcess(4242, "/usr/sbin/dnsmasq", "--keep-in-foreground", "--conf-file=" + paths.ConfigFile);
        await File.WriteAllTextAsync(paths.PidFile, "4242\n");
        var cleaner = new StaleInstanceCleaner(Path.Combine(root, "proc"), Exits(UnixSignal.Terminate), TimeProvider.System);

        var stopped = await cleaner.StopStaleAsync(paths, CancellationToken.None);

        Assert.That(stopped, Is.EqualTo(4242));
        Assert.That(sent, Is.EqualTo(new List<(int, UnixSignal)> { (4242, UnixSignal.Terminate) }));
    }

    [Test]
    public async Task StopStaleAsync_TermIgnored_KillAfterGrace()
    {
        WriteProcess(4242, "dnsmasq", "--conf-file=" + paths.ConfigFile);
        await File.WriteAllTextAsync(paths.PidFile, "4242");
        var clock = new ManualTimeProvider(new DateTimeOffset(2026, 11, 22, 0, 0, 0, TimeSpan.Zero));
        var cleaner = new StaleInstanceCleaner(Path.Combine(root, "proc"), Exits(UnixSignal.Kill), clock);

        var stopping = cleaner.StopStaleAsync(paths, CancellationToken.None);
        for (var i = 0; i < 200 && !stopping.IsCompleted; i++)
        {
            await Fakes.Eventually.TrueAsync(() => clock.PendingDelays.Count > 0 || stopping.IsCompleted, "poll timer");
            clock.Advance(TimeSpan.FromMilliseconds(50));
        }

        Assert.That(await stopping, Is.EqualTo(4242));
        Assert.That(sent.Select(s => s.Signal), Is.EqualTo(new List<UnixSignal> { UnixSignal.Terminate, UnixSignal.Kill }));
    }

    [TestCase("/usr/sbin/dnsmasq", "--conf-file=/etc/dnsmasq.conf", TestName = "StopStaleAsync_DnsmasqWithOtherConfig_Untouched")]
    [TestCase("/usr/bin/python3", "--conf-file=OURS", TestName = "StopStaleAsync_OtherProgramWithOurArgument_Untouched")]
    public async Task StopStaleAsync_NotOurs_Untouched(string program, string argument)
    {
        WriteProcess(4242, program, argument.Replace("OURS", paths.ConfigFile, StringComparison.Ordinal));
        await File.WriteAllTextAsync(paths.PidFile, "4242\n");
        var cleaner = new StaleInstanceCleaner(Path.Combine(root, "proc"), Exits(UnixSignal.Terminate), TimeProvider.System);

        Assert.That(await cleaner.StopStaleAsync(paths, CancellationToken.None), Is.Null);
        Assert.That(sent, Is.Empty);
    }

    [TestCase(null, TestName = "StopStaleAsync_NoPidFile_Nothing")]
    [TestCase("1\n", TestName = "StopStaleAsync_PidOne_Nothing")]
    [TestCase("garbage", TestName = "StopStaleAsync_GarbagePidFile_Nothing")]
    [TestCase("4242\n", TestName = "StopStaleAsync_PidGone_Nothing")]
    public async Task StopStaleAsync_NothingToStop(string? pidFile)
    {
        if (pidFile is not null)
        {
            await File.WriteAllTextAsync(paths.PidFile, pidFile);
        }

        var cleaner = new StaleInstanceCleaner(Path.Combine(root, "proc"), Exits(UnixSignal.Terminate), TimeProvider.System);

        Assert.That(await cleaner.StopStaleAsync(paths, CancellationToken.None), Is.Null);
        Assert.That(sent, Is.Empty);
    }

    private void WriteProcess(int pid, params string[] argv)
    {
        var directory = Path.Combine(root, "proc", pid.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, "cmdline"), string.Join('\0', argv) + "\0");
        File.WriteAllText(Path.Combine(directory, "stat"), $"{pid} (dnsmasq) S 1 {pid} {pid} 0 -1");
    }

    // A fake kill(2): records the signal; the process vanishes from the fake /proc on the given one.
    private Func<int, UnixSignal, bool> Exits(UnixSignal fatal) => (pid, signal) =>
    {
        sent.Add((pid, signal));
        if (signal == fatal)
        {
            File.WriteAllText(Path.Combine(root, "proc", pid.ToString(System.Globalization.CultureInfo.InvariantCulture), "stat"), $"{pid} (dnsmasq) Z 1 {pid} {pid} 0 -1");
        }

        return true;
    };
}
