using System.Diagnostics;
using System.Globalization;
using MeshAgent.Daemon.Systemd;

namespace MeshAgent.Daemon.Tests.Systemd;

public class MonotonicClockTests
{
    [Test]
    public void Frequency_OnLinux_IsNanoseconds()
    {
        // MonotonicClock relies on Stopwatch being CLOCK_MONOTONIC in ns on Linux.
        Assert.That(Stopwatch.Frequency, Is.EqualTo(1_000_000_000));
    }

    [Test]
    public void NowMicroseconds_ComparedWithKernelTimerList_LiesBetweenTwoKernelReadings()
    {
        // /proc/timer_list prints "now at N nsecs": ktime_get(), which is CLOCK_MONOTONIC.
        if (!File.Exists("/proc/timer_list"))
        {
            Assert.Ignore("/proc/timer_list is not available");
        }

        var before = KernelMonotonicMicroseconds();
        var ours = MonotonicClock.NowMicroseconds();
        var after = KernelMonotonicMicroseconds();

        Assert.That(ours, Is.InRange(before, after));
    }

    private static long KernelMonotonicMicroseconds()
    {
        string line;
        try
        {
            line = File.ReadLines("/proc/timer_list").First(l => l.StartsWith("now at ", StringComparison.Ordinal));
        }
        catch (UnauthorizedAccessException)
        {
            Assert.Ignore("/proc/timer_list needs root");
            throw;
        }

        var nanoseconds = long.Parse(line.Split(' ')[2], CultureInfo.InvariantCulture);
        return nanoseconds / 1000;
    }
}
