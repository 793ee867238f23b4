using MeshAgent.Daemon.Reconciliation;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace MeshAgent.Daemon.Systemd;

/// <summary>
/// Keeps the Type=notify contract: READY=1 with STATUS= once the host has started (sockets bound) and the
/// first reconcile pass has completed; STATUS= again whenever the summary line changes; WATCHDOG=1 every
/// half of WATCHDOG_USEC, but only while the reconcile loop is healthy, so that systemd restarts a stuck
/// daemon; STOPPING=1 as soon as the host begins to stop.
/// </summary>
public sealed partial class SystemdLifecycleService(
    SystemdNotifier notifier,
    ReconcileStatus status,
    IHostApplicationLifetime lifetime,
    TimeProvider time,
    ILogger<SystemdLifecycleService> logger) : BackgroundService
{
    private readonly Lock _gate = new();
    private string? _lastStatus;
    private bool _ready;

    /// <inheritdoc />
    public override Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStopping.Register(() =>
        {
            Log.Stopping(logger);
            notifier.Notify("STOPPING=1\nSTATUS=stopping");
        });
        return base.StartAsync(cancellationToken);
    }

    /// <summary>Sends READY=1 with the current STATUS= line (also used after a reload).</summary>
    public void NotifyReady()
    {
        lock (_gate)
        {
            _ready = true;
            _lastStatus = status.Summary();
            notifier.Notify("READY=1\nSTATUS=" + _lastStatus);
        }
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var watchdog = notifier.WatchdogTimeout is { } timeout ? RunWatchdogAsync(timeout / 2, stoppingToken) : Task.CompletedTask;
        try
        {
            await WhenStartedAsync(stoppingToken);
            await status.FirstPassCompleted.WaitAsync(stoppingToken);
            NotifyReady();
            Log.Ready(logger, _lastStatus ?? string.Empty);
            status.PassCompleted += OnPassCompleted;
            await watchdog;
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Orderly stop.
        }
        finally
        {
            status.PassCompleted -= OnPassCompleted;
        }
    }

    private Task WhenStartedAsync(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lifetime.ApplicationStarted.Register(() => started.TrySetResult());
        return started.Task.WaitAsync(stoppingToken);
    }

    private void OnPassCompleted(object? sender, EventArgs e)
    {
        lock (_gate)
        {
            var summary = status.Summary();
            if (!_ready || string.Equals(summary, _lastStatus, StringComparison.Ordinal))
            {
                return;
            }

            _lastStatus = summary;
            notifier.Notify("STATUS=" + summary);
        }
    }

    private async Task RunWatchdogAsync(TimeSpan interval, CancellationToken stoppingToken)
    {
        Log.WatchdogEnabled(logger, interval.TotalMilliseconds);
        using var timer = new PeriodicTimer(interval, time);
        var wasHealthy = true;
        do
        {
            var healthy = status.IsLoopHealthy();
            if (healthy)
            {
                notifier.Notify("WATCHDOG=1");
            }
            else if (wasHealthy)
            {
                Log.WatchdogWithheld(logger);
            }

            wasHealthy = healthy;
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1210, Level = LogLevel.Information, Message = "Ready: {Status}")]
        public static partial void Ready(ILogger logger, string status);

        [LoggerMessage(EventId = 1211, Level = LogLevel.Information, Message = "Watchdog pings every {IntervalMs} ms")]
        public static partial void WatchdogEnabled(ILogger logger, double intervalMs);

        [LoggerMessage(EventId = 1212, Level = LogLevel.Error, Message = "Reconcile loop is stuck or gone: withholding watchdog pings so systemd restarts us")]
        public static partial void WatchdogWithheld(ILogger logger);

        [LoggerMessage(EventId = 1213, Level = LogLevel.Information, Message = "Stopping")]
        public static partial void Stopping(ILogger logger);
    }
}
