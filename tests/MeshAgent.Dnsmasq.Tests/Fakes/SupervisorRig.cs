using MeshAgent.Dnsmasq.Configuration;
using MeshAgent.Dnsmasq.Rendering;
using MeshAgent.Dnsmasq.Supervision;
using MeshAgent.Interop;
using Microsoft.Extensions.Logging.Abstractions;

namespace MeshAgent.Dnsmasq.Tests.Fakes;

/// <summary>A supervisor wired to a fake launcher, probe and clock, writing into a temporary directory.</summary>
internal sealed class SupervisorRig : IAsyncDisposable
{
    // The supervisor's probe interval once ready; its timer is not the one the tests look for.
    private static readonly TimeSpan ReadyProbeInterval = TimeSpan.FromSeconds(10);

    public SupervisorRig()
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("dnsmasq-unit-").FullName;
        var procRoot = Path.Combine(Directory, "proc");
        System.IO.Directory.CreateDirectory(procRoot);
        Supervisor = new DnsmasqSupervisor(
            Launcher,
            Probe,
            Clock,
            NullLogger.Instance,
            meterFactory: null,
            policy: null,
            new StaleInstanceCleaner(procRoot, (_, _) => true, Clock));
    }

    public ManualTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 11, 22, 0, 0, 0, TimeSpan.Zero));

    public FakeLauncher Launcher { get; } = new();

    public FakeProbe Probe { get; } = new();

    public string Directory { get; }

    public DnsmasqSupervisor Supervisor { get; }

    public DnsmasqOptions Options => SampleOptions.Full(Path.Combine(Directory, "run"));

    public DnsmasqRendering Render(DnsmasqOptions? options = null) => DnsmasqRenderer.Render(options ?? Options);

    public async Task StartReadyAsync()
    {
        await Supervisor.StartAsync(Render(), CancellationToken.None);
        await Eventually.TrueAsync(() => Supervisor.Status.IsReady, "ready");
    }

    /// <summary>Crashes the current process and waits until the supervisor has scheduled the next start.</summary>
    public async Task<TimeSpan> CrashAndWaitForScheduleAsync(DnsmasqState expected)
    {
        var starts = Supervisor.Starts;
        Launcher.Last.Crash();
        // The state changes just before the backoff timer is armed: wait for both.
        await Eventually.TrueAsync(
            () => Supervisor.Status.State == expected && Clock.PendingDelays.Any(d => d != ReadyProbeInterval),
            expected + " with its timer armed");
        Assert.That(Supervisor.Starts, Is.EqualTo(starts), "no start before the delay");
        return Clock.PendingDelays.Single(d => d != ReadyProbeInterval);
    }

    public async ValueTask DisposeAsync()
    {
        var stop = Supervisor.StopAsync(CancellationToken.None);
        foreach (var process in Launcher.Started)
        {
            process.Signal(UnixSignal.Kill);
        }

        await stop;
        await Supervisor.DisposeAsync();
        System.IO.Directory.Delete(Directory, recursive: true);
    }
}
