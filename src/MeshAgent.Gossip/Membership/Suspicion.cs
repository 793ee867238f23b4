namespace MeshAgent.Gossip.Membership;

/// <summary>
/// Lifeguard's suspicion timer arithmetic: the timeout starts at <c>max</c> and shrinks towards <c>min</c>
/// logarithmically as independent members confirm the suspicion (up to <c>k</c> confirmations).
/// Not thread-safe (used under the membership lock).
/// </summary>
internal sealed class Suspicion
{
    private readonly string[] _confirmers;
    private int _known;

    public Suspicion(string from, uint incarnation, int k, TimeSpan min, TimeSpan max, long startTimestamp)
    {
        _confirmers = new string[k + 1];
        _confirmers[0] = from;
        _known = 1;
        Incarnation = incarnation;
        K = k;
        Min = min;
        Max = k < 1 ? min : max;
        StartTimestamp = startTimestamp;
    }

    public uint Incarnation { get; }
    public int K { get; }
    public TimeSpan Min { get; }
    public TimeSpan Max { get; }
    public long StartTimestamp { get; }
    public int Confirmations => _known - 1;

    /// <summary>When this suspicion is due (clock timestamp); kept by the owner's deadline set.</summary>
    public long Due { get; set; }

    /// <summary>Final direct checks already sent after the timeout ran out (Lifeguard's buddy probe before declaring).</summary>
    public int FinalChecks { get; set; }

    /// <summary>Records a confirmation from a new member; returns false when it adds nothing.</summary>
    public bool Confirm(string from)
    {
        if (Confirmations >= K) return false;
        for (int i = 0; i < _known; i++)
        {
            if (_confirmers[i] == from) return false;
        }
        _confirmers[_known++] = from;
        return true;
    }

    /// <summary>The total timeout after the current number of confirmations.</summary>
    public TimeSpan Timeout() => Timeout(Confirmations, K, Min, Max);

    /// <summary>memberlist's remainingSuspicionTime without the elapsed part: max − (log(c+1)/log(k+1))·(max − min), at least min.</summary>
    public static TimeSpan Timeout(int confirmations, int k, TimeSpan min, TimeSpan max)
    {
        if (k < 1) return min;
        double frac = Math.Log(confirmations + 1.0) / Math.Log(k + 1.0);
        double raw = max.TotalSeconds - frac * (max.TotalSeconds - min.TotalSeconds);
        var timeout = TimeSpan.FromMilliseconds(Math.Floor(1000.0 * raw));
        return timeout < min ? min : timeout;
    }

    /// <summary>memberlist's suspicionTimeout: mult · max(1, log10(max(1, n))) · interval.</summary>
    public static TimeSpan BaseTimeout(int multiplier, int n, TimeSpan interval)
    {
        double nodeScale = Math.Max(1.0, Math.Log10(Math.Max(1.0, n)));
        return TimeSpan.FromTicks((long)(multiplier * Math.Floor(nodeScale * 1000) * interval.Ticks / 1000));
    }
}
