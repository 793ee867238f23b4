using System.Globalization;

namespace MeshAgent.Daemon.Systemd;

/// <summary>
/// The watchdog timeout systemd enforces for us (WATCHDOG_USEC, for this PID per WATCHDOG_PID), or none.
/// Microsoft.Extensions.Hosting.Systemd does not read these (it has no watchdog support), so this is ours.
/// </summary>
/// <param name="Timeout">WATCHDOG_USEC as a span; null when the watchdog is off or meant for another process.</param>
public sealed record WatchdogSettings(TimeSpan? Timeout)
{
    /// <summary>Reads WATCHDOG_USEC and WATCHDOG_PID from the process environment (before they are removed).</summary>
    public static WatchdogSettings FromEnvironment(int processId) => new(Parse(
        Environment.GetEnvironmentVariable("WATCHDOG_USEC"),
        Environment.GetEnvironmentVariable("WATCHDOG_PID"),
        processId));

    /// <summary>
    /// The timeout from WATCHDOG_USEC and WATCHDOG_PID for process <paramref name="processId"/>; null when off.
    /// The watchdog counts only when WATCHDOG_PID is absent or equals this process' id (sd_watchdog_enabled(3)).
    /// </summary>
    public static TimeSpan? Parse(string? watchdogUsec, string? watchdogPid, int processId)
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
}
