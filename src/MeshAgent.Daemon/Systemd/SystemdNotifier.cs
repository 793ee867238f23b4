using System.Globalization;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace MeshAgent.Daemon.Systemd;

/// <summary>
/// sd_notify(3) without libsystemd: sends "KEY=value\n..." datagrams to the AF_UNIX socket named by
/// NOTIFY_SOCKET (a path, or an abstract name written with a leading '@'), and knows the watchdog interval
/// from WATCHDOG_USEC/WATCHDOG_PID. Reads the environment once and removes those variables so that child
/// processes (dnsmasq, wireguard-go) do not inherit them. Without NOTIFY_SOCKET every call is a no-op.
/// A failed send is logged and otherwise ignored: systemd's view must never break the daemon. Thread-safe.
/// </summary>
public sealed partial class SystemdNotifier : IDisposable
{
    private readonly Lock _gate = new();
    private readonly UnixDomainSocketEndPoint? _endpoint;
    private readonly Socket? _socket;
    private readonly ILogger _logger;

    /// <summary>Creates a notifier for explicit settings.</summary>
    /// <param name="notifySocket">The NOTIFY_SOCKET value; null or empty disables notifications.</param>
    /// <param name="watchdogInterval">The watchdog timeout (WATCHDOG_USEC); null when there is none.</param>
    /// <param name="logger">Receives send failures.</param>
    public SystemdNotifier(string? notifySocket, TimeSpan? watchdogInterval, ILogger<SystemdNotifier>? logger = null)
    {
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        WatchdogTimeout = watchdogInterval;
        if (string.IsNullOrEmpty(notifySocket))
        {
            return;
        }

        // '@' marks a Linux abstract socket: its name starts with a NUL byte instead.
        var address = notifySocket[0] == '@' ? "\0" + notifySocket[1..] : notifySocket;
        _endpoint = new UnixDomainSocketEndPoint(address);
        _socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
    }

    /// <summary>True when NOTIFY_SOCKET was set.</summary>
    public bool IsEnabled => _socket is not null;

    /// <summary>The watchdog timeout systemd enforces for us (WATCHDOG_USEC), or null when it is off or meant for another PID.</summary>
    public TimeSpan? WatchdogTimeout { get; }

    /// <summary>
    /// Reads NOTIFY_SOCKET, WATCHDOG_USEC and WATCHDOG_PID from the process environment and unsets them.
    /// The watchdog counts only when WATCHDOG_PID is absent or equals this process' id (sd_watchdog_enabled(3)).
    /// </summary>
    public static SystemdNotifier FromEnvironment(ILogger<SystemdNotifier>? logger = null)
    {
        var socket = Environment.GetEnvironmentVariable("NOTIFY_SOCKET");
        var usec = Environment.GetEnvironmentVariable("WATCHDOG_USEC");
        var pid = Environment.GetEnvironmentVariable("WATCHDOG_PID");
        Environment.SetEnvironmentVariable("NOTIFY_SOCKET", null);
        Environment.SetEnvironmentVariable("WATCHDOG_USEC", null);
        Environment.SetEnvironmentVariable("WATCHDOG_PID", null);
        return new SystemdNotifier(socket, ParseWatchdog(usec, pid, Environment.ProcessId), logger);
    }

    /// <summary>The watchdog timeout from WATCHDOG_USEC and WATCHDOG_PID for process <paramref name="processId"/>; null when off.</summary>
    public static TimeSpan? ParseWatchdog(string? watchdogUsec, string? watchdogPid, int processId)
    {
        if (!ulong.TryParse(watchdogUsec, NumberStyles.None, CultureInfo.InvariantCulture, out var usec) || usec == 0)
        {
            return null;
        }

        if (!string.IsNullOrEmpty(watchdogPid)
            && (!int.TryParse(watchdogPid, NumberStyles.None, CultureInfo.InvariantCulture, out var pid) || pid != processId))
        {
            return null;
        }

        return TimeSpan.FromMicroseconds(usec);
    }

    /// <summary>Sends one notification, e.g. "READY=1\nSTATUS=ready". Returns false when disabled or the send failed.</summary>
    public bool Notify(string state)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (_socket is null || _endpoint is null)
        {
            return false;
        }

        var bytes = Encoding.UTF8.GetBytes(state);
        try
        {
            lock (_gate)
            {
                _socket.SendTo(bytes, SocketFlags.None, _endpoint);
            }

            return true;
        }
        catch (SocketException ex)
        {
            Log.NotifyFailed(_logger, state.Split('\n')[0], ex.SocketErrorCode, ex);
            return false;
        }
        catch (ObjectDisposedException)
        {
            return false;
        }
    }

    /// <inheritdoc />
    public void Dispose() => _socket?.Dispose();

    private static partial class Log
    {
        [LoggerMessage(EventId = 1201, Level = LogLevel.Warning, Message = "sd_notify {State} failed: {Error}")]
        public static partial void NotifyFailed(ILogger logger, string state, SocketError error, Exception exception);
    }
}
