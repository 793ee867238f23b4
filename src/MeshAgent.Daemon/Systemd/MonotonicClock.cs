using System.Diagnostics;

namespace MeshAgent.Daemon.Systemd;

/// <summary>
/// CLOCK_MONOTONIC in microseconds, as systemd wants in MONOTONIC_USEC= with RELOADING=1. On Linux .NET's
/// <see cref="Stopwatch.GetTimestamp"/> is clock_gettime(CLOCK_MONOTONIC) in nanoseconds
/// (<see cref="Stopwatch.Frequency"/> = 1 000 000 000; the runtime's SystemNative_GetTimestamp); a test
/// compares it with the kernel's own reading in /proc/timer_list ("now at N nsecs").
/// </summary>
public static class MonotonicClock
{
    /// <summary>Microseconds of CLOCK_MONOTONIC now.</summary>
    public static long NowMicroseconds()
    {
        var ticks = Stopwatch.GetTimestamp();
        // Frequency is 1e9 on Linux; the general form keeps this right if a platform ever differs.
        return Stopwatch.Frequency == 1_000_000_000
            ? ticks / 1_000
            : (long)(ticks * (1_000_000.0 / Stopwatch.Frequency));
    }
}
