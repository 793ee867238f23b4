using System.Buffers;
using MeshAgent.Gossip.Codec;
using MeshAgent.Gossip.Wire;

namespace MeshAgent.Gossip.Membership;

/// <summary>One member in a <see cref="PushPullSnapshot"/>.</summary>
internal struct SnapshotEntry
{
    public MemberInfo Info;
    public int Id;
    public uint Incarnation;
    public NodeState State;
}

/// <summary>
/// A push-pull message in message mode: the sender's member table copied into a pooled array, with the shared
/// <see cref="MemberInfo"/>s and directory ids, so 10,000 entries cost one array copy instead of 10,000 objects,
/// and a receiver sharing the directory merges by id without name lookups. The receiver calls
/// <see cref="Release"/> after merging. Encodes as a regular <see cref="PushPull"/> (for byte accounting).
/// </summary>
internal sealed class PushPullSnapshot : IGossipMessage
{
    private static readonly ArrayPool<SnapshotEntry> Pool = ArrayPool<SnapshotEntry>.Create(1 << 22, 64);
    private static readonly int KeysLength =
        new[] { "Addr", "Incarnation", "Meta", "Name", "Port", "State", "Vsn" }.Sum(MsgPackWriter.StringSize) + MsgPackWriter.MapHeaderSize(7);

    private SnapshotEntry[]? _entries;

    public PushPullSnapshot(bool join, MemberDirectory directory, int capacity, byte[] userState)
    {
        Join = join;
        Directory = directory;
        UserState = userState;
        _entries = Pool.Rent(capacity);
    }

    public bool Join { get; }
    public MemberDirectory Directory { get; }
    public byte[] UserState { get; }
    public int Count { get; private set; }

    /// <summary>The entries; empty once released.</summary>
    public ReadOnlySpan<SnapshotEntry> Entries => _entries is null ? [] : _entries.AsSpan(0, Count);

    /// <inheritdoc/>
    public MessageType Type => MessageType.PushPull;

    public void Add(MemberInfo info, int id, uint incarnation, NodeState state) =>
        _entries![Count++] = new SnapshotEntry { Info = info, Id = id, Incarnation = incarnation, State = state };

    /// <summary>Bytes the equivalent <see cref="PushPull"/> encodes to, type byte included.</summary>
    public int EncodedLength
    {
        get
        {
            int total = 1 + new PushPullHeader(Count, UserState.Length, Join).EncodedLength + UserState.Length;
            foreach (ref readonly var e in Entries)
            {
                var i = e.Info;
                total += KeysLength + i.FixedPushLength + MsgPackWriter.UIntSize(e.Incarnation) + MsgPackWriter.IntSize((int)e.State);
            }
            return total;
        }
    }

    /// <inheritdoc/>
    public void WriteBody(MsgPackWriter writer)
    {
        var nodes = new List<PushNodeState>(Count);
        foreach (ref readonly var e in Entries)
        {
            nodes.Add(new PushNodeState(e.Info.Name, e.Info.Addr, e.Info.Port, e.Info.Meta, e.Incarnation, e.State, e.Info.Vsn));
        }
        new PushPull(Join, nodes, UserState).WriteBody(writer);
    }

    /// <summary>Returns the array to the pool; the snapshot is empty afterwards.</summary>
    public void Release()
    {
        if (_entries is null) return;
        Array.Clear(_entries, 0, Count);
        Pool.Return(_entries);
        _entries = null;
        Count = 0;
    }
}
