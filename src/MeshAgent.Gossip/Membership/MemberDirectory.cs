namespace MeshAgent.Gossip.Membership;

/// <summary>
/// Interns member names as small integer ids, and the latest <see cref="MemberInfo"/> per id, so member tables
/// can be dense arrays indexed by id. Each <see cref="GossipMembership"/> has its own; the simulator shares one
/// among all its members, so 10,000 views of 10,000 members hold references instead of 10⁸ copies.
/// Ids are never reused. Not thread-safe: used under the owning membership's lock (the simulator, which shares
/// one, runs on a single thread).
/// </summary>
internal sealed class MemberDirectory
{
    private readonly Dictionary<string, int> _ids = new(StringComparer.Ordinal);
    private readonly List<MemberInfo?> _infos = [];

    /// <summary>Number of ids handed out.</summary>
    public int Count => _infos.Count;

    /// <summary>The id of <paramref name="name"/>, created on first use.</summary>
    public int Intern(string name)
    {
        if (_ids.TryGetValue(name, out int id)) return id;
        id = _infos.Count;
        _ids.Add(name, id);
        _infos.Add(null);
        return id;
    }

    /// <summary>The id of <paramref name="name"/> if it was ever interned.</summary>
    public bool TryGetId(string name, out int id)
    {
        return _ids.TryGetValue(name, out id);
    }

    /// <summary>Like the other overload, for an end point (checked before its address bytes are made).</summary>
    public MemberInfo InfoFor(int id, string name, System.Net.IPEndPoint endPoint, byte[] meta, byte[] vsn)
    {
        var current = _infos[id];
        if (current is not null && current.EndPoint.Equals(endPoint) && current.Meta.AsSpan().SequenceEqual(meta) && current.Vsn.AsSpan().SequenceEqual(vsn)) return current;
        return InfoFor(id, name, MemberInfo.AddressBytes(endPoint), (ushort)endPoint.Port, meta, vsn);
    }

    /// <summary>
    /// An info with these facts about member <paramref name="id"/>: the shared latest one when it matches, else a
    /// new one that becomes the latest.
    /// </summary>
    public MemberInfo InfoFor(int id, string name, byte[] addr, ushort port, byte[] meta, byte[] vsn)
    {
        var current = _infos[id];
        if (current is not null && current.Matches(addr, port, meta, vsn)) return current;
        var info = new MemberInfo(name, addr, port, meta, vsn);
        _infos[id] = info;
        return info;
    }
}
