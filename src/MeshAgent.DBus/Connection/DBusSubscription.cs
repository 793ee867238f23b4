namespace MeshAgent.DBus;

/// <summary>
/// A live signal subscription. Dispose to stop delivery and remove the bus match rule (the
/// RemoveMatch call is sent in the background; use <see cref="DisposeAsync"/> to await it).
/// Thread-safe; disposing twice is harmless.
/// </summary>
public sealed class DBusSubscription : IDisposable, IAsyncDisposable
{
    private readonly Func<ValueTask> _unsubscribe;
    private int _disposed;

    internal DBusSubscription(MatchRule rule, Func<ValueTask> unsubscribe)
    {
        Rule = rule;
        _unsubscribe = unsubscribe;
    }

    /// <summary>The rule this subscription added to the bus.</summary>
    public MatchRule Rule { get; }

    /// <summary>Stops delivery at once; removes the match in the background.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _ = _unsubscribe().AsTask();
        }
    }

    /// <summary>Stops delivery and awaits the RemoveMatch call (failures on a lost connection are ignored).</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            await _unsubscribe().ConfigureAwait(false);
        }
    }
}
