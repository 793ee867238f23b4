using MeshAgent.Gossip.Codec;

namespace MeshAgent.Gossip.Wire;

/// <summary>Encodes one message as its type byte plus body, and decodes a single non-framing message. Thread-safe.</summary>
public static class MessageCodec
{
    /// <summary>Encodes <paramref name="message"/> with its type byte.</summary>
    public static byte[] Encode(IGossipMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var w = new MsgPackWriter(128);
        w.WriteByte((byte)message.Type);
        message.WriteBody(w);
        return w.ToArray();
    }

    /// <summary>Encodes into <paramref name="writer"/> (type byte plus body).</summary>
    public static void Encode(IGossipMessage message, MsgPackWriter writer)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteByte((byte)message.Type);
        message.WriteBody(writer);
    }

    /// <summary>
    /// Decodes a packet-level message (ping, indirect ping, ack, nack, suspect, alive, dead, user, err).
    /// Framing types (compound, compress, CRC, encrypt) are handled by <see cref="PacketCodec"/>.
    /// </summary>
    public static IGossipMessage DecodePacketMessage(ReadOnlySpan<byte> message)
    {
        if (message.IsEmpty) throw new GossipDecodeException("Empty message.");
        var body = message[1..];
        var r = new MsgPackReader(body);
        return (MessageType)message[0] switch
        {
            MessageType.Ping => Ping.Read(ref r),
            MessageType.IndirectPing => IndirectPing.Read(ref r),
            MessageType.Ack => Ack.Read(ref r),
            MessageType.Nack => Nack.Read(ref r),
            MessageType.Suspect => Suspect.Read(ref r),
            MessageType.Alive => Alive.Read(ref r),
            MessageType.Dead => Dead.Read(ref r),
            MessageType.Err => ErrorResponse.Read(ref r),
            MessageType.User => new UserPayload(body.ToArray()),
            var t => throw new GossipDecodeException($"Message type {(byte)t} is not valid here."),
        };
    }
}
