namespace MeshAgent.NetworkManager.Vrb;

/// <summary>
/// Turns bursts of hints into one call: <see cref="Post"/> (re)starts a quiet-time timer; when it fires,
/// the callback gets the first reason of the burst and how many hints it held. Thread-safe.
/// </summary>
internal sealed class HintDebouncer : IDisposable
{
    private readonly Action<string> _fire;
    private readonly TimeSpan _quiet;
    private readonly ITimer _timer;
    private readonly Lock _lock = new();
    private string? _reason;
    private int _count;

    public HintDebouncer(TimeProvider time, TimeSpan quiet, Action<string> fire)
    {
        _fire = fire;
        _quiet = quiet;
        _timer = time.CreateTimer(_ => Fire(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Records a hint and restarts the quiet time.</summary>
    public void Post(string reason)
    {
        lock (_lock)
        {
            _reason ??= reason;
            _count++;
            _timer.Change(_quiet, Timeout.InfiniteTimeSpan);
        }
    }

    public void Dispose() => _timer.Dispose();

    private void Fire()
    {
        string reason;
        lock (_lock)
        {
            if (_reason is null)
            {
                return;
            }

            reason = _count == 1 ? _reason : $"{_reason} (+{_count - 1} more hints)";
            _reason = null;
            _count = 0;
        }

        _fire(reason);
    }
}
