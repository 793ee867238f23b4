namespace MeshAgent.Daemon.Reconciliation;

/// <summary>Timing of the reconcile loop. The defaults are what the daemon runs with; tests shorten them.</summary>
public sealed class ReconcileLoopOptions
{
    /// <summary>
    /// How long hints are collected before a pass starts, so a burst of events (a bridge and its ports
    /// appearing, a gossip burst of records) costs one pass. Default 100 ms: a join crosses it twice (the
    /// admitting hub, then every other member), and the mesh's goal is a new node everywhere within 2 s.
    /// </summary>
    public TimeSpan Debounce { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// A pass runs at least this often without any hint, to catch drift nobody announced. Default 30 s:
    /// read-backs are cheap local calls.
    /// </summary>
    public TimeSpan Period { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Plan plus apply of one subsystem is cancelled after this. Default 20 s: long enough for a
    /// NetworkManager activation, shorter than <see cref="StallAfter"/>.
    /// </summary>
    public TimeSpan StepTimeout { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>
    /// One step running longer than this marks the loop unhealthy, which stops the systemd watchdog
    /// pings; default 25 s, under the unit's WatchdogSec=30s, so systemd restarts a stuck daemon.
    /// </summary>
    public TimeSpan StallAfter { get; init; } = TimeSpan.FromSeconds(25);

    /// <summary>Delay before the first retry of a failed subsystem; doubles per further failure. Default 1 s.</summary>
    public TimeSpan BackoffInitial { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Upper bound of the retry delay. Default 5 min: a broken subsystem is retried, not hammered.</summary>
    public TimeSpan BackoffMax { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>The retry delay after <paramref name="consecutiveFailures"/> failures (≥ 1): initial × 2^(n−1), capped.</summary>
    public TimeSpan BackoffAfter(int consecutiveFailures)
    {
        if (consecutiveFailures <= 0)
        {
            return TimeSpan.Zero;
        }

        // 2^30 s is far above any sane cap; clamping the exponent keeps the arithmetic finite.
        var factor = Math.Pow(2, Math.Min(consecutiveFailures - 1, 30));
        var delay = TimeSpan.FromTicks((long)Math.Min(BackoffInitial.Ticks * factor, BackoffMax.Ticks));
        return delay;
    }
}
