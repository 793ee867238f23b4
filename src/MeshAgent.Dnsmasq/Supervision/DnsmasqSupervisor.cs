using System.Diagnostics.Metrics;
using MeshAgent.Dnsmasq.Leases;
using MeshAgent.Dnsmasq.Metrics;
using MeshAgent.Dnsmasq.Probing;
using MeshAgent.Dnsmasq.Rendering;
using MeshAgent.Interop;
using Microsoft.Extensions.Logging;

namespace MeshAgent.Dnsmasq.Supervision;

/// <summary>
/// Runs dnsmasq as our child and keeps it running: writes its files, stops a stale instance of ours at start,
/// restarts it after an exit with backoff (unhealthy after too many restarts, see
/// <see cref="DnsmasqRestartPolicy"/>), probes it over DNS (ready only when it answers), sends SIGHUP when
/// only hosts files change and restarts it when its config changes; on stop SIGTERM, then SIGKILL after
/// <see cref="StopGrace"/>. Public members are thread-safe; Start/Restart/Reload/Stop are serialised.
/// </summary>
public sealed partial class DnsmasqSupervisor : IAsyncDisposable
{
    /// <summary>How long dnsmasq gets to exit after SIGTERM before SIGKILL.</summary>
    public static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(5);

    // Until the first answer we probe often: readiness gates the agent's READY.
    private static readonly TimeSpan StartingProbeInterval = TimeSpan.FromMilliseconds(100);

    // Once ready, a probe every 10 s costs nothing and notices a wedged dnsmasq quickly enough.
    private static readonly TimeSpan ReadyProbeInterval = TimeSpan.FromSeconds(10);

    private readonly IChildProcessLauncher launcher;
    private readonly IDnsmasqProbe probe;
    private readonly TimeProvider time;
    private readonly ILogger logger;
    private readonly StaleInstanceCleaner cleaner;
    private readonly RestartTracker tracker;
    private readonly DnsmasqMetrics metrics;
    private readonly SemaphoreSlim commands = new(1, 1);
    private readonly Lock sync = new();

    // Guarded by sync.
    private DnsmasqRendering? desired;
    private DnsmasqRendering? loaded;
    private IChildProcess? process;
    private DnsmasqState state = DnsmasqState.Stopped;
    private string? problem;
    private long restarts;
    private long reloads;
    private long starts;
    private TaskCompletionSource wake = NewSignal();
    private TaskCompletionSource stateChanged = NewSignal();

    // Owned by the command methods (under commands).
    private Task? loop;
    private CancellationTokenSource? loopStop;
    private int disposed;

    /// <summary>Creates a supervisor; nothing runs until <see cref="StartAsync"/>.</summary>
    /// <param name="launcher">Starts the dnsmasq process.</param>
    /// <param name="probe">The DNS health probe.</param>
    /// <param name="time">Clock for backoff, probe intervals and the stop grace.</param>
    /// <param name="logger">Where lifecycle events go.</param>
    /// <param name="meterFactory">The host's meter factory; null for a standalone Meter.</param>
    /// <param name="policy">Restart policy; null for <see cref="DnsmasqRestartPolicy.Default"/>.</param>
    public DnsmasqSupervisor(
        IChildProcessLauncher launcher,
        IDnsmasqProbe probe,
        TimeProvider time,
        ILogger<DnsmasqSupervisor> logger,
        IMeterFactory? meterFactory = null,
        DnsmasqRestartPolicy? policy = null)
        : this(launcher, probe, time, logger, meterFactory, policy, new StaleInstanceCleaner(time))
    {
    }

    // For tests: a cleaner working on a fake /proc.
    internal DnsmasqSupervisor(
        IChildProcessLauncher launcher,
        IDnsmasqProbe probe,
        TimeProvider time,
        ILogger logger,
        IMeterFactory? meterFactory,
        DnsmasqRestartPolicy? policy,
        StaleInstanceCleaner cleaner)
    {
        this.launcher = launcher;
        this.probe = probe;
        this.time = time;
        this.logger = logger;
        this.cleaner = cleaner;
        tracker = new RestartTracker(policy ?? DnsmasqRestartPolicy.Default);
        metrics = new DnsmasqMetrics(meterFactory, () => Status.IsReady ? 1 : 0, CountLeases);
    }

    /// <summary>A snapshot of the current state, for /health/ready and STATUS=.</summary>
    public DnsmasqStatus Status
    {
        get
        {
            lock (sync)
            {
                return new DnsmasqStatus(state, process?.Pid, restarts, reloads, problem);
            }
        }
    }

    /// <summary>True between <see cref="StartAsync"/> and <see cref="StopAsync"/>, whatever the process does.</summary>
    public bool IsSupervising
    {
        get
        {
            lock (sync)
            {
                return desired is not null;
            }
        }
    }

    /// <summary>What the current process was started with and reloaded to; null when none has run.</summary>
    public DnsmasqRendering? Loaded
    {
        get
        {
            lock (sync)
            {
                return loaded;
            }
        }
    }

    /// <summary>The rendering the next start uses (the latest given); null when not supervising.</summary>
    public DnsmasqRendering? Desired
    {
        get
        {
            lock (sync)
            {
                return desired;
            }
        }
    }

    /// <summary>Processes launched so far (first start included); tests use it to see there is no busy loop.</summary>
    public long Starts => Interlocked.Read(ref starts);

    /// <summary>
    /// Writes the files, stops a stale instance of ours (pid file + /proc check), starts dnsmasq and keeps it
    /// running. Returns once the process is launched; see <see cref="WaitForReadyAsync"/>.
    /// </summary>
    /// <exception cref="InvalidOperationException">Already supervising.</exception>
    public async Task StartAsync(DnsmasqRendering rendering, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rendering);
        await commands.WaitAsync(cancellationToken);
        try
        {
            if (loop is not null)
            {
                throw new InvalidOperationException("dnsmasq is already supervised; use RestartAsync or ReloadAsync");
            }

            DnsmasqFileStore.WriteAll(rendering);
            if (await cleaner.StopStaleAsync(rendering.Paths, cancellationToken) is { } stalePid)
            {
                Log.StaleStopped(logger, stalePid, rendering.Paths.PidFile);
            }

            lock (sync)
            {
                desired = rendering;
                tracker.Reset();
                wake = NewSignal();
            }

            loopStop = new CancellationTokenSource();
            var token = loopStop.Token;
            loop = Task.Run(() => RunAsync(token), CancellationToken.None);
        }
        finally
        {
            commands.Release();
        }
    }

    /// <summary>
    /// Writes the files and restarts dnsmasq with <paramref name="rendering"/> (for a config change): the
    /// running process is stopped and a new one started at once, also cutting a backoff or crash-loop wait.
    /// Returns once the restart is requested; see <see cref="WaitForReadyAsync"/>.
    /// </summary>
    /// <exception cref="InvalidOperationException">Not supervising.</exception>
    public async Task RestartAsync(DnsmasqRendering rendering, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rendering);
        await commands.WaitAsync(cancellationToken);
        try
        {
            ThrowIfNotSupervising();
            DnsmasqFileStore.WriteAll(rendering);
            lock (sync)
            {
                desired = rendering;
                tracker.Reset();
                wake.TrySetResult();
            }

            Log.RestartRequested(logger, "config changed");
        }
        finally
        {
            commands.Release();
        }
    }

    /// <summary>
    /// Writes the hosts files of <paramref name="rendering"/> and makes dnsmasq re-read them with SIGHUP (same
    /// pid, leases kept). A process that has not answered yet may not have its signal handlers installed, so it
    /// is restarted instead; with no process running the next start reads the new files.
    /// </summary>
    /// <exception cref="InvalidOperationException">Not supervising, or the config differs (that needs a restart).</exception>
    public async Task ReloadAsync(DnsmasqRendering rendering, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rendering);
        await commands.WaitAsync(cancellationToken);
        try
        {
            ThrowIfNotSupervising();
            lock (sync)
            {
                if (rendering.NeedsRestartFrom(desired!))
                {
                    throw new InvalidOperationException("the dnsmasq config changed: SIGHUP does not re-read it, restart instead");
                }
            }

            DnsmasqFileStore.WriteHosts(rendering);
            IChildProcess? target;
            lock (sync)
            {
                desired = rendering;
                target = state is DnsmasqState.Ready or DnsmasqState.NotAnswering ? process : null;
                if (target is not null)
                {
                    loaded = rendering;
                    reloads++;
                }
                else if (process is not null)
                {
                    wake.TrySetResult();
                }
            }

            if (target is not null)
            {
                target.Signal(UnixSignal.Hangup);
                metrics.Reloaded();
                Log.Reloaded(logger, target.Pid);
            }
        }
        finally
        {
            commands.Release();
        }
    }

    /// <summary>
    /// Waits until dnsmasq answers the probe, having loaded <paramref name="expected"/> when given.
    /// Returns false after <paramref name="timeout"/>.
    /// </summary>
    public async Task<bool> WaitForReadyAsync(DnsmasqRendering? expected, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = time.GetUtcNow() + timeout;
        while (true)
        {
            Task changed;
            lock (sync)
            {
                if (state == DnsmasqState.Ready && (expected is null || ReferenceEquals(loaded, expected)))
                {
                    return true;
                }

                changed = stateChanged.Task;
            }

            var remaining = deadline - time.GetUtcNow();
            if (remaining <= TimeSpan.Zero)
            {
                return false;
            }

            using var waitCancel = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var expiry = Task.Delay(remaining, time, waitCancel.Token);
            await Task.WhenAny(changed, expiry);
            await waitCancel.CancelAsync();
            cancellationToken.ThrowIfCancellationRequested();
        }
    }

    /// <summary>Stops supervising: SIGTERM, SIGKILL after <see cref="StopGrace"/>, waits for the exit, removes the pid file.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await commands.WaitAsync(cancellationToken);
        try
        {
            if (loop is null)
            {
                return;
            }

            await loopStop!.CancelAsync();
            await loop;
            loopStop.Dispose();
            loop = null;
            loopStop = null;
            DnsmasqRendering? last;
            lock (sync)
            {
                last = desired;
                desired = null;
                loaded = null;
            }

            // dnsmasq runs as an unprivileged user by then and cannot remove its own pid file.
            if (last is not null)
            {
                File.Delete(last.Paths.PidFile);
            }
        }
        finally
        {
            commands.Release();
        }
    }

    /// <summary>Stops supervising (see <see cref="StopAsync"/>) and releases the meter. Idempotent.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref disposed, 1) != 0)
        {
            return;
        }

        await StopAsync(CancellationToken.None);
        metrics.Dispose();
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private void ThrowIfNotSupervising()
    {
        if (loop is null)
        {
            throw new InvalidOperationException("dnsmasq is not supervised; use StartAsync");
        }
    }

    private async Task RunAsync(CancellationToken stop)
    {
        var stopped = Task.Delay(Timeout.Infinite, stop);
        var reason = (string?)null;
        while (!stop.IsCancellationRequested)
        {
            DnsmasqRendering rendering;
            Task wakeTask;
            lock (sync)
            {
                if (wake.Task.IsCompleted)
                {
                    wake = NewSignal();
                }

                wakeTask = wake.Task;
                rendering = desired!;
            }

            if (reason is not null)
            {
                Interlocked.Increment(ref restarts);
                metrics.Restarted(reason);
            }

            var startedAt = time.GetUtcNow();
            var child = Launch(rendering);
            if (child is not null)
            {
                using var run = CancellationTokenSource.CreateLinkedTokenSource(stop);
                var probing = ProbeLoopAsync(child, startedAt, run.Token);
                await Task.WhenAny(child.Exited, wakeTask, stopped);
                await run.CancelAsync();
                await probing;
                if (!child.Exited.IsCompleted)
                {
                    await TerminateAsync(child);
                    SetProcess(null, stop.IsCancellationRequested ? DnsmasqState.Stopped : DnsmasqState.Starting, problem: null);
                    reason = "config";
                    continue;
                }

                var code = await child.Exited;
                var exitProblem = child.LastOutputLine.Length > 0 ? $"exited with {code}: {child.LastOutputLine}" : $"exited with {code}";
                Log.Exited(logger, child.Pid, code, child.LastOutputLine);
                SetProcess(null, DnsmasqState.Backoff, exitProblem);
                if (wakeTask.IsCompleted || stop.IsCancellationRequested)
                {
                    reason = "config";
                    continue;
                }
            }

            RestartDecision decision;
            lock (sync)
            {
                decision = tracker.OnExit(startedAt, time.GetUtcNow());
            }

            SetState(decision.CrashLooping ? DnsmasqState.CrashLoop : DnsmasqState.Backoff);
            if (decision.CrashLooping)
            {
                Log.CrashLoop(logger, decision.RestartsInWindow, decision.Delay.TotalSeconds);
            }
            else
            {
                Log.Backoff(logger, decision.Delay.TotalMilliseconds, decision.RestartsInWindow);
            }

            using (var wait = CancellationTokenSource.CreateLinkedTokenSource(stop))
            {
                var delay = Task.Delay(decision.Delay, time, wait.Token);
                await Task.WhenAny(delay, wakeTask, stopped);
                reason = delay.IsCompletedSuccessfully ? "exit" : "config";
                await wait.CancelAsync();
            }
        }

        SetProcess(null, DnsmasqState.Stopped, problem: null);
    }

    private IChildProcess? Launch(DnsmasqRendering rendering)
    {
        IChildProcess child;
        try
        {
            child = launcher.Start(rendering.BinaryPath, rendering.Arguments);
        }
        catch (DnsmasqProcessException e)
        {
            Log.LaunchFailed(logger, rendering.BinaryPath, e);
            lock (sync)
            {
                problem = e.Message;
            }

            return null;
        }

        Interlocked.Increment(ref starts);
        lock (sync)
        {
            loaded = rendering;
        }

        SetProcess(child, DnsmasqState.Starting, problem: null);
        Log.Started(logger, child.Pid, rendering.Paths.ConfigFile);
        return child;
    }

    private async Task ProbeLoopAsync(IChildProcess child, DateTimeOffset startedAt, CancellationToken cancellationToken)
    {
        var answeredOnce = false;
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var result = await probe.ProbeAsync(cancellationToken);
                lock (sync)
                {
                    if (!ReferenceEquals(process, child) || cancellationToken.IsCancellationRequested)
                    {
                        return;
                    }

                    if (result.Answered)
                    {
                        tracker.OnRunning(startedAt, time.GetUtcNow());
                    }
                }

                if (result.Answered)
                {
                    metrics.ProbeAnswered(result.Latency);
                    if (!answeredOnce)
                    {
                        var elapsed = time.GetUtcNow() - startedAt;
                        Log.Ready(logger, child.Pid, elapsed.TotalMilliseconds);
                    }

                    answeredOnce = true;
                    SetState(DnsmasqState.Ready, clearProblem: true);
                }
                else if (answeredOnce)
                {
                    Log.NotAnswering(logger, child.Pid, result.Problem ?? "no answer");
                    SetState(DnsmasqState.NotAnswering, result.Problem);
                }

                await Task.Delay(result.Answered ? ReadyProbeInterval : StartingProbeInterval, time, cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The run ended; nothing to probe.
        }
    }

    private async Task TerminateAsync(IChildProcess child)
    {
        Log.Stopping(logger, child.Pid);
        TrySignal(child, UnixSignal.Terminate);
        using var graceCancel = new CancellationTokenSource();
        var grace = Task.Delay(StopGrace, time, graceCancel.Token);
        if (await Task.WhenAny(child.Exited, grace) != child.Exited)
        {
            Log.Killing(logger, child.Pid, StopGrace.TotalSeconds);
            TrySignal(child, UnixSignal.Kill);
        }

        await graceCancel.CancelAsync();
        await child.Exited;
    }

    private void TrySignal(IChildProcess child, UnixSignal signal)
    {
        try
        {
            child.Signal(signal);
        }
        catch (DnsmasqProcessException e)
        {
            Log.SignalFailed(logger, child.Pid, signal, e);
        }
    }

    private void SetProcess(IChildProcess? child, DnsmasqState newState, string? problem)
    {
        TaskCompletionSource changed;
        lock (sync)
        {
            process = child;
            state = newState;
            if (problem is not null || newState is DnsmasqState.Stopped)
            {
                this.problem = problem;
            }

            changed = stateChanged;
            stateChanged = NewSignal();
        }

        changed.TrySetResult();
    }

    private void SetState(DnsmasqState newState, string? newProblem = null, bool clearProblem = false)
    {
        TaskCompletionSource changed;
        lock (sync)
        {
            state = newState;
            if (clearProblem)
            {
                problem = null;
            }
            else if (newProblem is not null)
            {
                problem = newProblem;
            }

            changed = stateChanged;
            stateChanged = NewSignal();
        }

        changed.TrySetResult();
    }

    private int? CountLeases()
    {
        var path = Desired?.Paths.LeaseFile;
        return path is null ? null : DnsmasqLeaseFile.Read(path)?.Leases.Count;
    }
}
