namespace MeshAgent.Gossip.Membership;

/// <summary>
/// Messages waiting to be piggybacked (memberlist's TransmitLimitedQueue): fewest transmissions first, newest
/// first among equals; a message is dropped after the retransmit limit; a newer message about the same member
/// replaces the older one. Not thread-safe (used under the membership lock).
/// </summary>
internal sealed class BroadcastQueue
{
    private readonly SortedSet<Item> _items = new(Comparer<Item>.Create(static (a, b) =>
        a.Transmits != b.Transmits ? a.Transmits.CompareTo(b.Transmits) : b.Id.CompareTo(a.Id)));
    private readonly Dictionary<string, Item> _byKey = new(StringComparer.Ordinal);
    private long _nextId;

    public int Count => _items.Count;

    /// <summary>Queues <paramref name="message"/>; a non-null <paramref name="key"/> replaces the previous message with that key.</summary>
    public void Enqueue(string? key, byte[] message, Action? onFirstSend = null)
    {
        if (key is not null && _byKey.Remove(key, out var old)) _items.Remove(old);
        var item = new Item(key, message, _nextId++, 0, onFirstSend);
        _items.Add(item);
        if (key is not null) _byKey[key] = item;
    }

    /// <summary>Takes messages that fit in <paramref name="limit"/> bytes, counting <paramref name="overhead"/> per message.</summary>
    public List<byte[]>? Take(int overhead, int limit, int retransmitLimit)
    {
        if (_items.Count == 0) return null;
        List<byte[]>? taken = null;
        List<Item>? touched = null;
        int used = 0;
        foreach (var item in _items)
        {
            if (used + overhead + item.Message.Length > limit) continue;
            used += overhead + item.Message.Length;
            (taken ??= []).Add(item.Message);
            (touched ??= []).Add(item);
            if (used + overhead >= limit) break;
        }
        if (touched is null) return null;
        foreach (var item in touched)
        {
            _items.Remove(item);
            item.OnFirstSend?.Invoke();
            if (item.Transmits + 1 >= retransmitLimit)
            {
                if (item.Key is not null) _byKey.Remove(item.Key);
                continue;
            }
            var next = item with { Transmits = item.Transmits + 1, OnFirstSend = null };
            _items.Add(next);
            if (item.Key is not null) _byKey[item.Key] = next;
        }
        return taken;
    }

    private sealed record Item(string? Key, byte[] Message, long Id, int Transmits, Action? OnFirstSend);
}
