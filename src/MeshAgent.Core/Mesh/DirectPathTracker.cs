namespace MeshAgent.Core.Mesh;

/// <summary>
/// Decides, per candidate member, whether a spoke's direct path is being tried, works, or has failed,
/// from the handshake times WireGuard reports. A direct peer gets <see cref="HandshakeTimeout"/> to
/// complete a handshake; then traffic falls back to the hub and the direct path is retried after a
/// backoff that doubles up to <see cref="MaxRetryDelay"/>. Not thread-safe: the reconcile loop owns it.
/// </summary>
public sealed class DirectPathTracker
{
    private readonly TimeProvider _time;
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    // Failed paths whose member stopped being a candidate, kept until their retry time. A failed attempt can take a
    // member out of the candidates for a moment (its traffic went into the dead direct peer, so gossip suspected it);
    // forgetting the failure then would retry at once when it comes back: a loop of lost traffic, not a backoff.
    private readonly Dictionary<string, Entry> _away = new(StringComparer.Ordinal);

    /// <summary>Creates a tracker.</summary>
    /// <param name="time">The clock.</param>
    /// <param name="handshakeTimeout">How long a new direct peer may go without a handshake (issue: 10 s).</param>
    public DirectPathTracker(TimeProvider time, TimeSpan handshakeTimeout)
    {
        _time = time;
        HandshakeTimeout = handshakeTimeout;
    }

    /// <summary>How long a direct peer may go without its first handshake.</summary>
    public TimeSpan HandshakeTimeout { get; }

    /// <summary>First retry delay after a failure; doubles with each further failure.</summary>
    public TimeSpan InitialRetryDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Longest retry delay.</summary>
    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// An established path whose last handshake is older than this is dead: WireGuard re-handshakes every
    /// 2 minutes while traffic flows and keepalives (25 s) keep it flowing.
    /// </summary>
    public TimeSpan StaleAfter { get; init; } = TimeSpan.FromSeconds(180);

    /// <summary>The state of every tracked candidate, by public key.</summary>
    public IReadOnlyDictionary<string, DirectPathState> States =>
        _entries.ToDictionary(e => e.Key, e => e.Value.State, StringComparer.Ordinal);

    /// <summary>When <see cref="Update"/> should run next even if nothing else happens, or null.</summary>
    public DateTimeOffset? NextDeadline =>
        _entries.Values.Select(e => e.State switch
        {
            DirectPathState.Trying => e.Since + HandshakeTimeout,
            DirectPathState.Failed => e.RetryAt,
            _ => (DateTimeOffset?)null,
        }).Where(d => d is not null).Min();

    /// <summary>
    /// Advances every path. <paramref name="candidates"/> are the members that would get a direct peer;
    /// <paramref name="lastHandshakes"/> the handshake times read back from WireGuard.
    /// </summary>
    /// <returns>True when any state changed (the desired state must be rebuilt).</returns>
    public bool Update(IEnumerable<string> candidates, IReadOnlyDictionary<string, DateTimeOffset?> lastHandshakes)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        ArgumentNullException.ThrowIfNull(lastHandshakes);
        var now = _time.GetUtcNow();
        var wanted = candidates.ToHashSet(StringComparer.Ordinal);
        var gone = _entries.Keys.Where(k => !wanted.Contains(k)).ToList();
        foreach (var key in gone)
        {
            if (_entries.Remove(key, out var left) && left.State == DirectPathState.Failed && left.RetryAt > now)
            {
                _away[key] = left;
            }
        }

        foreach (var key in _away.Where(a => a.Value.RetryAt <= now).Select(a => a.Key).ToList())
        {
            _away.Remove(key);
        }

        var changed = gone.Count > 0;
        foreach (var key in wanted)
        {
            var handshake = lastHandshakes.GetValueOrDefault(key);
            if (!_entries.TryGetValue(key, out var entry))
            {
                _entries[key] = _away.Remove(key, out var failed) ? failed : new Entry(DirectPathState.Trying, now, 0, now);
                changed = true;
                continue;
            }

            var next = Advance(entry, handshake, now);
            if (next != entry)
            {
                _entries[key] = next;
                changed |= next.State != entry.State;
            }
        }

        return changed;
    }

    private Entry Advance(Entry entry, DateTimeOffset? handshake, DateTimeOffset now) => entry.State switch
    {
        // The other end may complete a handshake between the peer being configured and the read-back that started
        // this attempt's clock: a handshake up to one timeout before the attempt counts, an older one does not.
        DirectPathState.Trying when handshake >= entry.Since - HandshakeTimeout => entry with { State = DirectPathState.Established },
        DirectPathState.Trying when now - entry.Since >= HandshakeTimeout => Fail(entry.Attempts + 1, now),
        DirectPathState.Established when handshake is null || now - handshake > StaleAfter => Fail(1, now),
        DirectPathState.Failed when now >= entry.RetryAt => new Entry(DirectPathState.Trying, now, entry.Attempts, now),
        _ => entry,
    };

    private Entry Fail(int attempts, DateTimeOffset now)
    {
        var delay = InitialRetryDelay * Math.Pow(2, Math.Min(attempts - 1, 20));
        return new Entry(DirectPathState.Failed, now, attempts, now + (delay < MaxRetryDelay ? delay : MaxRetryDelay));
    }

    private sealed record Entry(DirectPathState State, DateTimeOffset Since, int Attempts, DateTimeOffset RetryAt);
}
