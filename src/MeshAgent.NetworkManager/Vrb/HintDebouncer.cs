namespace MeshAgent.NetworkManager.Vrb;

/// <summary>
/// Turns bursts of hints into one call: <see cref="Post"/> (re)starts a quiet-time timer; when it fires,
/// the callback gets the burst's headline (the first important reason, else the first reason) and how
/// many hints it held. Thread-safe.
/// </summary>
internal sealed class HintDebouncer : IDisposable
{
    private readonly Action<string> _fire;
    private readonly TimeSpan _quiet;
    private readonly ITimer _timer;
    private readonly Lock _lock = new();
    private string? _reason;
    private bool _important;
    private int _count;
    private bool _disposed;

    public HintDebouncer(TimeProvider time, TimeSpan quiet, Action<string> fire)
    {
        _fire = fire;
        _quiet = quiet;
        _timer = time.CreateTimer(_ => Fire(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Records a hint and restarts the quiet time; an important one (NM restarted) heads the burst.</summary>
    public void Post(string reason, bool important = false)
    {
        lock (_lock)
        {
            if (_reason is null || (important && !_important))
            {
                _reason = reason;
                _important = important;
            }

            _count++;
            if (!_disposed)
            {
                _timer.Change(_quiet, Timeout.InfiniteTimeSpan);
            }
        }
    }

    /// <summary>Stops the timer; a burst still pending is dropped, and a callback already due does not call out.</summary>
    public void Dispose()
    {
        lock (_lock)
        {
            _disposed = true;
            _reason = null;
        }

        _timer.Dispose();
    }

    private void Fire()
    {
        string reason;
        lock (_lock)
        {
            // A timer callback can already be on its way when Dispose runs: after it, nobody is listening.
            if (_reason is null || _disposed)
            {
                return;
            }

            reason = _count == 1 ? _reason : $"{_reason} (+{_count - 1} more hints)";
            _reason = null;
            _important = false;
            _count = 0;
        }

        _fire(reason);
    }
}
