namespace MeshAgent.Gossip.Membership;

/// <summary>
/// Messages waiting to be piggybacked (memberlist's TransmitLimitedQueue): fewest transmissions first, newest
/// first among equals; a message is dropped after the retransmit limit; a newer message about the same member
/// (same key, a member id) replaces the older one. Not thread-safe (used under the membership lock).
/// </summary>
internal sealed class BroadcastQueue
{
    /// <summary>After this many messages in a row that do not fit, the packet counts as full (bounds the scan of a long queue).</summary>
    private const int MaxSkips = 16;

    private readonly SortedSet<Item> _items = new(Comparer<Item>.Create(static (a, b) =>
        a.Transmits != b.Transmits ? a.Transmits.CompareTo(b.Transmits) : b.Id.CompareTo(a.Id)));
    private readonly Dictionary<int, Item> _byKey = [];
    private readonly List<Item> _touched = [];
    private long _nextId;

    public int Count => _items.Count;

    /// <summary>Queues <paramref name="message"/>; a non-negative <paramref name="key"/> replaces the previous message with that key.</summary>
    public void Enqueue(int key, WireMessage message, Action? onFirstSend = null)
    {
        if (key >= 0 && _byKey.Remove(key, out var old)) _items.Remove(old);
        var item = new Item(key, message, _nextId++, 0, onFirstSend);
        _items.Add(item);
        if (key >= 0) _byKey[key] = item;
    }

    /// <summary>Takes messages that fit in <paramref name="limit"/> bytes, counting <paramref name="overhead"/> per message.</summary>
    public List<WireMessage>? Take(int overhead, int limit, int retransmitLimit)
    {
        if (_items.Count == 0) return null;
        List<WireMessage>? taken = null;
        int used = 0, skips = 0;
        foreach (var item in _items)
        {
            int size = overhead + item.Message.Length;
            if (used + size > limit)
            {
                if (++skips >= MaxSkips) break;
                continue;
            }
            skips = 0;
            used += size;
            (taken ??= []).Add(item.Message);
            _touched.Add(item);
            if (used + overhead >= limit) break;
        }
        foreach (var item in _touched)
        {
            _items.Remove(item);
            item.OnFirstSend?.Invoke();
            if (item.Transmits + 1 >= retransmitLimit)
            {
                if (item.Key >= 0) _byKey.Remove(item.Key);
                continue;
            }
            // Changed only while out of the set: the order depends on it.
            item.Transmits++;
            item.OnFirstSend = null;
            _items.Add(item);
        }
        _touched.Clear();
        return taken;
    }

    private sealed class Item(int key, WireMessage message, long id, int transmits, Action? onFirstSend)
    {
        public int Key { get; } = key;
        public WireMessage Message { get; } = message;
        public long Id { get; } = id;
        public int Transmits { get; set; } = transmits;
        public Action? OnFirstSend { get; set; } = onFirstSend;
    }
}
