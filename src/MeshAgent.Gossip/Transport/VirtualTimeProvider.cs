using System.Diagnostics;

namespace MeshAgent.Gossip.Transport;

/// <summary>
/// A clock that only moves when told to (<see cref="Advance"/>, <see cref="RunUntil"/>). Timers and scheduled
/// actions due at the same instant run in the order they were scheduled, so a run is reproducible. Intended
/// for one driving thread (simulation, unit tests); calls from callbacks are allowed. The queue is not
/// thread-safe on purpose: scheduling from another thread (a thread-pool continuation) would make a run
/// depend on thread timing, so debug builds assert that only the thread that first used the clock drives it.
/// </summary>
public sealed class VirtualTimeProvider : TimeProvider
{
    private readonly PriorityQueue<Entry, (long Due, long Seq)> _queue = new();
    private readonly DateTimeOffset _epoch;
    private long _now;
    private long _seq;
    private int _owningThread;

    /// <summary>Creates a clock reading <paramref name="start"/> (default 2026-01-01 UTC).</summary>
    public VirtualTimeProvider(DateTimeOffset? start = null) =>
        _epoch = start ?? new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Time elapsed since the clock was created.</summary>
    public TimeSpan Elapsed => TimeSpan.FromTicks(_now);

    /// <summary>Number of pending entries (timers and actions), for diagnostics.</summary>
    public int Pending => _queue.Count;

    /// <inheritdoc/>
    public override DateTimeOffset GetUtcNow() => _epoch.AddTicks(_now);

    /// <inheritdoc/>
    public override long GetTimestamp() => _now;

    /// <inheritdoc/>
    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    /// <inheritdoc/>
    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;

    /// <summary>Runs <paramref name="action"/> after <paramref name="delay"/> of virtual time (cheaper than a timer).</summary>
    public void Schedule(TimeSpan delay, Action action)
    {
        ArgumentNullException.ThrowIfNull(action);
        AssertOwningThread();
        long due = _now + Math.Max(0, delay.Ticks);
        _queue.Enqueue(new Entry(action, null, 0), (due, _seq++));
    }

    /// <inheritdoc/>
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new VirtualTimer(this, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }

    /// <summary>Moves time forward by <paramref name="delta"/>, running everything that falls due.</summary>
    public void Advance(TimeSpan delta) => RunUntil(Elapsed + delta);

    /// <summary>Runs everything due up to <paramref name="elapsed"/> (since creation), then sets the clock there.</summary>
    public void RunUntil(TimeSpan elapsed)
    {
        AssertOwningThread();
        long target = elapsed.Ticks;
        while (_queue.TryPeek(out var entry, out var key) && key.Due <= target)
        {
            _queue.Dequeue();
            _now = Math.Max(_now, key.Due);
            if (entry.Timer is null)
            {
                entry.Action!();
            }
            else
            {
                entry.Timer.Fire(entry.Generation);
            }
        }
        _now = Math.Max(_now, target);
    }

    private void Enqueue(VirtualTimer timer, long generation, long due)
    {
        AssertOwningThread();
        _queue.Enqueue(new Entry(null, timer, generation), (due, _seq++));
    }

    [Conditional("DEBUG")]
    private void AssertOwningThread()
    {
        int current = Environment.CurrentManagedThreadId;
        int owner = Interlocked.CompareExchange(ref _owningThread, current, 0);
        Debug.Assert(
            owner == 0 || owner == current,
            $"VirtualTimeProvider used from thread {current} but driven by thread {owner}: something schedules on the virtual clock off the driving thread.");
    }

    private readonly record struct Entry(Action? Action, VirtualTimer? Timer, long Generation);

    private sealed class VirtualTimer(VirtualTimeProvider clock, TimerCallback callback, object? state) : ITimer
    {
        private long _generation;
        private long _period;

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            _generation++;
            _period = period == Timeout.InfiniteTimeSpan ? 0 : period.Ticks;
            if (dueTime != Timeout.InfiniteTimeSpan)
            {
                clock.Enqueue(this, _generation, clock._now + Math.Max(0, dueTime.Ticks));
            }
            return true;
        }

        public void Fire(long generation)
        {
            if (generation != _generation) return;
            if (_period > 0) clock.Enqueue(this, _generation, clock._now + _period);
            callback(state);
        }

        public void Dispose() => _generation++;

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
