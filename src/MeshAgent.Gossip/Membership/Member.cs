using System.Net;
using MeshAgent.Gossip.Wire;

namespace MeshAgent.Gossip.Membership;

/// <summary>Status of a member as this node sees it.</summary>
public enum MemberStatus
{
    /// <summary>Answers _probes.</summary>
    Alive,
    /// <summary>Missed _probes; will be declared failed unless it refutes in time.</summary>
    Suspect,
    /// <summary>Declared failed; retried periodically (<see cref="GossipOptions.ReconnectInterval"/>).</summary>
    Failed,
    /// <summary>Left on purpose.</summary>
    Left,
}

/// <summary>An immutable snapshot of one member.</summary>
/// <param name="Name">Unique member name.</param>
/// <param name="EndPoint">Gossip address and port.</param>
/// <param name="Meta">Metadata (≤ 512 bytes; Serf tags encoding by convention).</param>
/// <param name="Status">Status as seen locally.</param>
/// <param name="Incarnation">The member's incarnation number.</param>
/// <param name="ProtocolMax">Highest memberlist protocol version the member speaks.</param>
public sealed record Member(string Name, IPEndPoint EndPoint, byte[] Meta, MemberStatus Status, uint Incarnation, byte ProtocolMax)
{
    /// <summary>Tags decoded from <see cref="Meta"/>; empty when the metadata is not in Serf's tag encoding.</summary>
    public IReadOnlyDictionary<string, string> Tags
    {
        get
        {
            try { return SerfTags.Decode(Meta); }
            catch (GossipDecodeException) { return new Dictionary<string, string>(); }
        }
    }
}

/// <summary>What happened.</summary>
public enum MembershipEventKind
{
    /// <summary>A member appeared or came back.</summary>
    Join,
    /// <summary>A member changed its metadata or address.</summary>
    Update,
    /// <summary>A member left on purpose.</summary>
    Leave,
    /// <summary>A member was declared failed.</summary>
    Failed,
    /// <summary>An application message arrived (gossip or reliable); see <see cref="MembershipEvent.Payload"/>.</summary>
    UserMessage,
    /// <summary>Application state arrived with a push-pull exchange; see <see cref="MembershipEvent.Payload"/>.</summary>
    UserState,
}

/// <summary>One entry of the ordered event stream.</summary>
/// <param name="Kind">What happened.</param>
/// <param name="Member">The member concerned (null for user payloads of unknown origin).</param>
/// <param name="Payload">Application bytes for <see cref="MembershipEventKind.UserMessage"/> and <see cref="MembershipEventKind.UserState"/>.</param>
/// <param name="At">Time of the event on the membership's clock.</param>
public sealed record MembershipEvent(MembershipEventKind Kind, Member? Member, byte[]? Payload, DateTimeOffset At);

/// <summary>Counters since start; read at any time (values are read without a lock and may be slightly stale).</summary>
public sealed class GossipStatistics
{
    internal long _packetsReceived, _malformedPackets, _packetsSent, _bytesSent, _bytesReceived, _streamsSent, _streamsReceived, _malformedStreams, _probes, _failedProbes, _refutations, _suspicions;

    /// <summary>Packets received.</summary>
    public long PacketsReceived => Volatile.Read(ref _packetsReceived);
    /// <summary>Packets dropped because they could not be decoded (bad framing, key, CRC, MessagePack).</summary>
    public long MalformedPackets => Volatile.Read(ref _malformedPackets);
    /// <summary>Packets sent.</summary>
    public long PacketsSent => Volatile.Read(ref _packetsSent);
    /// <summary>Bytes of packets sent.</summary>
    public long BytesSent => Volatile.Read(ref _bytesSent);
    /// <summary>Bytes of packets received.</summary>
    public long BytesReceived => Volatile.Read(ref _bytesReceived);
    /// <summary>Streams opened by us.</summary>
    public long StreamsSent => Volatile.Read(ref _streamsSent);
    /// <summary>Streams served.</summary>
    public long StreamsReceived => Volatile.Read(ref _streamsReceived);
    /// <summary>Streams dropped because they could not be decoded.</summary>
    public long MalformedStreams => Volatile.Read(ref _malformedStreams);
    /// <summary>Probes started.</summary>
    public long Probes => Volatile.Read(ref _probes);
    /// <summary>Probes that ended without any ack.</summary>
    public long FailedProbes => Volatile.Read(ref _failedProbes);
    /// <summary>Times we refuted a suspicion or death about ourselves.</summary>
    public long Refutations => Volatile.Read(ref _refutations);
    /// <summary>Suspicions of other members this node started to hold (its own probes or gossip), confirmations not counted again.</summary>
    public long Suspicions => Volatile.Read(ref _suspicions);
}
