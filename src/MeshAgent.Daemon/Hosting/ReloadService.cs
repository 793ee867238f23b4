using System.Runtime.InteropServices;
using MeshAgent.Daemon.Reconciliation;
using MeshAgent.Daemon.Systemd;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace MeshAgent.Daemon.Hosting;

/// <summary>
/// SIGHUP: tells systemd RELOADING=1 with MONOTONIC_USEC (through <see cref="SystemdNotifications"/>), re-reads the config (an invalid one is reported
/// and the last good one stays), runs a reconcile pass that ignores backoff, then READY=1. Reloads are
/// serialised; a SIGHUP during a reload runs another one after it.
/// </summary>
public sealed partial class ReloadService(
    ConfigStore config,
    ReconcileLoop loop,
    ReconcileStatus status,
    SystemdNotifications notifications,
    SystemdLifecycleService lifecycle,
    IHostApplicationLifetime lifetime,
    ILogger<ReloadService> logger) : IHostedService, IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private PosixSignalRegistration? _registration;

    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken)
    {
        _registration = PosixSignalRegistration.Create(PosixSignal.SIGHUP, context =>
        {
            // Handled: the default action of SIGHUP would terminate the process.
            context.Cancel = true;
            _ = Task.Run(ReloadAsync, CancellationToken.None);
        });
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken)
    {
        _registration?.Dispose();
        _registration = null;
        return Task.CompletedTask;
    }

    /// <summary>Runs one reload as described on the class.</summary>
    public async Task ReloadAsync()
    {
        var stopping = lifetime.ApplicationStopping;
        try
        {
            // A SIGHUP during start-up reloads once the first pass is done and READY=1 has gone out.
            await status.FirstPassCompleted.WaitAsync(stopping);
            await _gate.WaitAsync(stopping);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        try
        {
            Log.Reloading(logger, config.Path);
            notifications.Reloading();
            if (config.Reload().IsValid)
            {
                status.ResetBackoff();
            }

            await loop.RequestPassAsync("reload", bypassBackoff: true, stopping);
            lifecycle.NotifyReady();
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // Stopping: STOPPING=1 supersedes the reload.
        }
#pragma warning disable CA1031 // A failed reload must leave the daemon running on its last good state and READY.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            Log.ReloadFailed(logger, ex);
            lifecycle.NotifyReady();
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _registration?.Dispose();
        _gate.Dispose();
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1010, Level = LogLevel.Information, Message = "SIGHUP: reloading {Path}")]
        public static partial void Reloading(ILogger logger, string path);

        [LoggerMessage(EventId = 1011, Level = LogLevel.Error, Message = "Reload failed; the last good configuration stays in force")]
        public static partial void ReloadFailed(ILogger logger, Exception exception);
    }
}
