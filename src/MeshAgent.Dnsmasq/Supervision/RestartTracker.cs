namespace MeshAgent.Dnsmasq.Supervision;

/// <summary>What to do after an unexpected exit.</summary>
/// <param name="Delay">Wait this long before the next start.</param>
/// <param name="CrashLooping">True when the restart limit was reached: report unhealthy.</param>
/// <param name="RestartsInWindow">Restarts counted in the current window, this one included.</param>
internal readonly record struct RestartDecision(TimeSpan Delay, bool CrashLooping, int RestartsInWindow);

/// <summary>
/// Pure bookkeeping of <see cref="DnsmasqRestartPolicy"/>: fed exit and start times, it answers how long to
/// wait and whether dnsmasq is crash-looping. Not thread-safe: the supervisor's loop owns it.
/// </summary>
internal sealed class RestartTracker
{
    private readonly DnsmasqRestartPolicy policy;
    private readonly Queue<DateTimeOffset> restarts = new();
    private int consecutiveExits;

    public RestartTracker(DnsmasqRestartPolicy policy)
    {
        this.policy = policy;
    }

    /// <summary>True from the exit that hit the limit until a run lasts <see cref="DnsmasqRestartPolicy.StableAfter"/>.</summary>
    public bool CrashLooping { get; private set; }

    /// <summary>Records an exit of a process started at <paramref name="startedAt"/> and decides the next start.</summary>
    public RestartDecision OnExit(DateTimeOffset startedAt, DateTimeOffset now)
    {
        if (now - startedAt >= policy.StableAfter)
        {
            consecutiveExits = 0;
            CrashLooping = false;
        }

        while (restarts.Count > 0 && now - restarts.Peek() >= policy.Window)
        {
            restarts.Dequeue();
        }

        if (restarts.Count >= policy.MaxRestartsInWindow)
        {
            CrashLooping = true;
        }

        TimeSpan delay;
        if (CrashLooping)
        {
            delay = policy.SlowRetry;
        }
        else
        {
            var factor = Math.Pow(2, Math.Min(consecutiveExits, 30));
            delay = TimeSpan.FromTicks((long)Math.Min(policy.InitialBackoff.Ticks * factor, policy.MaxBackoff.Ticks));
        }

        consecutiveExits++;
        restarts.Enqueue(now + delay);
        return new RestartDecision(delay, CrashLooping, restarts.Count);
    }

    /// <summary>Called while a process runs: once it has run long enough, the crash loop is over.</summary>
    public void OnRunning(DateTimeOffset startedAt, DateTimeOffset now)
    {
        if (now - startedAt >= policy.StableAfter)
        {
            consecutiveExits = 0;
            CrashLooping = false;
        }
    }

    /// <summary>Forgets all history: a new config deserves a fresh start.</summary>
    public void Reset()
    {
        restarts.Clear();
        consecutiveExits = 0;
        CrashLooping = false;
    }
}
