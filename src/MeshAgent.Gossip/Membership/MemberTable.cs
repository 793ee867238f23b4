using MeshAgent.Gossip.Wire;

namespace MeshAgent.Gossip.Membership;

/// <summary>One member as one view sees it: 24 bytes, no object of its own.</summary>
internal struct MemberEntry
{
    /// <summary>Shared facts (name, address, metadata, versions); null when the member is unknown to this view.</summary>
    public MemberInfo? Info;

    /// <summary>When <see cref="State"/> last changed (clock timestamp).</summary>
    public long StateChange;

    public uint Incarnation;
    public NodeState State;

    public readonly bool IsLive => State is NodeState.Alive or NodeState.Suspect;
    public readonly bool IsDeadOrLeft => State is NodeState.Dead or NodeState.Left;
}

/// <summary>
/// The members one view knows: a dense array of <see cref="MemberEntry"/> indexed by directory id, the probe
/// order (ids, shuffled), the ids currently dead (for reconnects) and the live count. State changes go through
/// <see cref="SetState"/> so the counts stay right. Not thread-safe (used under the membership lock).
/// </summary>
internal sealed class MemberTable(MemberDirectory directory)
{
    private readonly List<int> _order = [];
    private readonly List<int> _dead = [];
    private MemberEntry[] _entries = [];

    public MemberDirectory Directory => directory;

    /// <summary>Known members (any state), this one included once started.</summary>
    public int Count => _order.Count;

    /// <summary>Members alive or suspect.</summary>
    public int LiveCount { get; private set; }

    /// <summary>Known member ids in probe order.</summary>
    public List<int> Order => _order;

    /// <summary>Ids of members currently dead (not left).</summary>
    public IReadOnlyList<int> Dead => _dead;

    public ref MemberEntry this[int id] => ref _entries[id];

    public bool Contains(int id) => id < _entries.Length && _entries[id].Info is not null;

    /// <summary>Finds a known member by name.</summary>
    public bool TryFind(string name, out int id) => directory.TryGetId(name, out id) && Contains(id);

    /// <summary>Adds an unknown member; <paramref name="random"/> places it at a random point of the probe order, else at the end.</summary>
    public void Add(int id, MemberInfo info, uint incarnation, NodeState state, long now, Random? random)
    {
        if (id >= _entries.Length)
        {
            int size = Math.Max(Math.Max(id + 1, directory.Count), _entries.Length + _entries.Length / 2);
            Array.Resize(ref _entries, size);
        }
        _entries[id] = new MemberEntry { Info = info, Incarnation = incarnation, State = state, StateChange = now };
        if (_entries[id].IsLive) LiveCount++;
        if (state == NodeState.Dead) _dead.Add(id);
        _order.Add(id);
        if (random is not null)
        {
            int j = random.Next(_order.Count);
            (_order[^1], _order[j]) = (_order[j], _order[^1]);
        }
    }

    /// <summary>Moves a known member to <paramref name="state"/>, keeping the live count and dead list right.</summary>
    public void SetState(int id, NodeState state, long now)
    {
        ref var e = ref _entries[id];
        if (e.State == state) return;
        if (e.IsLive) LiveCount--;
        if (e.State == NodeState.Dead) _dead.Remove(id);
        e.State = state;
        e.StateChange = now;
        if (e.IsLive) LiveCount++;
        if (state == NodeState.Dead) _dead.Add(id);
    }

    /// <summary>Forgets a member that is dead or left.</summary>
    public void Remove(int id)
    {
        ref var e = ref _entries[id];
        if (e.IsLive) LiveCount--;
        if (e.State == NodeState.Dead) _dead.Remove(id);
        e = default;
        _order.Remove(id);
    }

    public void Shuffle(Random random)
    {
        for (int i = _order.Count - 1; i > 0; i--)
        {
            int j = random.Next(i + 1);
            (_order[i], _order[j]) = (_order[j], _order[i]);
        }
    }
}
