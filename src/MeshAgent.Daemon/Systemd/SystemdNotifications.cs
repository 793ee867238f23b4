using System.Globalization;
using System.Net.Sockets;
using Microsoft.Extensions.Hosting.Systemd;
using Microsoft.Extensions.Logging;

namespace MeshAgent.Daemon.Systemd;

/// <summary>
/// The notifications the library has no API for, sent through its <see cref="ISystemdNotifier"/> as raw
/// <see cref="ServiceState"/> text. The library's send throws when the socket is gone; here a failed send is
/// logged and otherwise ignored: systemd's view must never break the daemon. Without NOTIFY_SOCKET all no-ops.
/// </summary>
public sealed partial class SystemdNotifications(ISystemdNotifier notifier, ILogger<SystemdNotifications> logger)
{
    /// <summary>True when NOTIFY_SOCKET was set.</summary>
    public bool IsEnabled => notifier.IsEnabled;

    /// <summary>STATUS=: the one-line summary `systemctl status` shows.</summary>
    public bool Status(string summary) => Send("STATUS=" + summary);

    /// <summary>READY=1 with STATUS=, after a reload (the library's lifetime sends the first READY=1).</summary>
    public bool Ready(string summary) => Send("READY=1\nSTATUS=" + summary);

    /// <summary>RELOADING=1 with CLOCK_MONOTONIC in µs, which systemd requires with it (Type=notify-reload).</summary>
    public bool Reloading() =>
        Send(string.Create(CultureInfo.InvariantCulture, $"RELOADING=1\nMONOTONIC_USEC={MonotonicClock.NowMicroseconds()}\nSTATUS=reloading"));

    /// <summary>WATCHDOG=1: the loop is healthy.</summary>
    public bool WatchdogPing() => Send("WATCHDOG=1");

    private bool Send(string state)
    {
        if (!notifier.IsEnabled)
        {
            return false;
        }

        try
        {
            notifier.Notify(new ServiceState(state));
            return true;
        }
        catch (SocketException ex)
        {
            Log.NotifyFailed(logger, state.Split('\n')[0], ex.SocketErrorCode, ex);
            return false;
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1201, Level = LogLevel.Warning, Message = "sd_notify {State} failed: {Error}")]
        public static partial void NotifyFailed(ILogger logger, string state, SocketError error, Exception exception);
    }
}
