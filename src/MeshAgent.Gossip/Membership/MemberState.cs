using System.Net;
using MeshAgent.Gossip.Wire;

namespace MeshAgent.Gossip.Membership;

/// <summary>Mutable per-member state, owned by <see cref="GossipMembership"/> and changed only under its lock.</summary>
internal sealed class MemberState(string name, IPEndPoint endPoint, byte[] meta, byte[] vsn)
{
    public string Name { get; } = name;
    public IPEndPoint EndPoint { get; set; } = endPoint;
    public byte[] Meta { get; set; } = meta;
    public byte[] Vsn { get; set; } = vsn;
    public uint Incarnation { get; set; }
    public NodeState State { get; set; }
    public long StateChangeTimestamp { get; set; }

    public byte ProtocolMax => Vsn.Length > 1 ? Vsn[1] : (byte)1;
    public bool IsDeadOrLeft => State is NodeState.Dead or NodeState.Left;

    public Member Snapshot() => new(Name, EndPoint, Meta, State switch
    {
        NodeState.Alive => MemberStatus.Alive,
        NodeState.Suspect => MemberStatus.Suspect,
        NodeState.Dead => MemberStatus.Failed,
        _ => MemberStatus.Left,
    }, Incarnation, ProtocolMax);

    public Alive ToAlive() => new(Incarnation, Name, AddressBytes(EndPoint), (ushort)EndPoint.Port, Meta, Vsn);

    public PushNodeState ToPushState() => new(Name, AddressBytes(EndPoint), (ushort)EndPoint.Port, Meta, Incarnation, State, Vsn);

    public static byte[] AddressBytes(IPEndPoint ep) =>
        ep.Address.IsIPv4MappedToIPv6 ? ep.Address.MapToIPv4().GetAddressBytes() : ep.Address.GetAddressBytes();
}
