using MeshAgent.Core.Records;

namespace MeshAgent.Core.Mesh;

/// <summary>What gossip believes about a member right now.</summary>
public enum MemberLiveness
{
    /// <summary>Answering probes.</summary>
    Alive,

    /// <summary>Missed probes; not yet declared dead. Its peer stays.</summary>
    Suspect,

    /// <summary>Declared failed. A spoke drops its direct peer until it is alive again; hubs keep its peer so it can come back.</summary>
    Dead,

    /// <summary>Left gracefully: no name, no direct peers; hubs keep its peer while its record is valid.</summary>
    Left,
}

/// <summary>A member with a verified record.</summary>
/// <param name="Record">The record; only verified records become members.</param>
/// <param name="Liveness">Gossip's view of it.</param>
public sealed record MeshMember(NodeRecord Record, MemberLiveness Liveness)
{
    /// <summary>True while the member should have a peer: alive or merely suspected.</summary>
    public bool IsReachable => Liveness is MemberLiveness.Alive or MemberLiveness.Suspect;
}
