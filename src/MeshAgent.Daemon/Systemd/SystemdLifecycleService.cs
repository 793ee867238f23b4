using MeshAgent.Daemon.Reconciliation;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace MeshAgent.Daemon.Systemd;

/// <summary>
/// Our part of the Type=notify contract beside the library's lifetime (see <see cref="SystemdContract"/>):
/// host start-up waits here for the first reconcile pass and sends its STATUS= line, so that the lifetime's
/// READY=1 at ApplicationStarted means "converged once"; STATUS= again whenever the summary changes;
/// WATCHDOG=1 every half of WATCHDOG_USEC, but only while the reconcile loop is healthy, so that systemd
/// restarts a stuck daemon; STATUS=stopping when the host begins to stop (the lifetime sends STOPPING=1).
/// </summary>
public sealed partial class SystemdLifecycleService(
    SystemdNotifications notifications,
    WatchdogSettings watchdog,
    ReconcileStatus status,
    IHostApplicationLifetime lifetime,
    TimeProvider time,
    ILogger<SystemdLifecycleService> logger) : BackgroundService
{
    private readonly Lock _gate = new();
    private string? _lastStatus;
    private bool _ready;

    /// <inheritdoc />
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStopping.Register(() =>
        {
            Log.Stopping(logger);
            notifications.Status("stopping");
        });

        // The watchdog loop starts first: pings flow while the first pass runs (it may take NetworkManager's time).
        await base.StartAsync(cancellationToken);
        // Blocks the host's start, and with it ApplicationStarted and the library's READY=1. The token is
        // cancelled when the host stops during start-up (SIGTERM, a failed loop).
        await status.FirstPassCompleted.WaitAsync(cancellationToken);
        lock (_gate)
        {
            _ready = true;
            _lastStatus = status.Summary();
            notifications.Status(_lastStatus);
        }

        status.PassCompleted += OnPassCompleted;
        Log.Ready(logger, _lastStatus);
    }

    /// <inheritdoc />
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        status.PassCompleted -= OnPassCompleted;
        await base.StopAsync(cancellationToken);
    }

    /// <summary>READY=1 with the current STATUS= line, after a reload.</summary>
    public void NotifyReady()
    {
        lock (_gate)
        {
            _ready = true;
            _lastStatus = status.Summary();
            notifications.Ready(_lastStatus);
        }
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (watchdog.Timeout is not { } timeout)
        {
            return;
        }

        try
        {
            await RunWatchdogAsync(timeout / 2, stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Orderly stop.
        }
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
            notifications.Status(summary);
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
                notifications.WatchdogPing();
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
