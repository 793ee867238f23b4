using System.Buffers.Binary;
using System.Text;
using MeshAgent.Gossip.Codec;
using MeshAgent.Gossip.Security;

namespace MeshAgent.Gossip.Wire;

/// <summary>
/// Framing of UDP packets as memberlist does it. Sending: compound (several messages), then LZW compression
/// (kept only when smaller), then the CRC header (for receivers of protocol ≥ 5), then the optional label
/// header, then AES-GCM encryption. Receiving undoes each layer and yields the messages. Thread-safe.
/// </summary>
public static class PacketCodec
{
    /// <summary>memberlist puts at most 255 messages in one compound (the count is a byte).</summary>
    public const int MaxCompoundParts = 255;

    /// <summary>Nesting of compound/compress layers accepted on receive; memberlist sends at most two.</summary>
    public const int MaxNesting = 4;

    /// <summary>Joins encoded messages into one compound message: type, count byte, big-endian u16 lengths, bodies.</summary>
    public static byte[] MakeCompound(IReadOnlyList<byte[]> messages)
    {
        ArgumentNullException.ThrowIfNull(messages);
        if (messages.Count is 0 or > MaxCompoundParts) throw new ArgumentOutOfRangeException(nameof(messages), "A compound holds 1 to 255 messages.");
        int total = 2 + 2 * messages.Count + messages.Sum(m => m.Length);
        var buf = new byte[total];
        buf[0] = (byte)MessageType.Compound;
        buf[1] = (byte)messages.Count;
        int off = 2;
        foreach (var m in messages)
        {
            if (m.Length > ushort.MaxValue) throw new ArgumentException("A compound part is longer than 65535 bytes.", nameof(messages));
            BinaryPrimitives.WriteUInt16BigEndian(buf.AsSpan(off), (ushort)m.Length);
            off += 2;
        }
        foreach (var m in messages)
        {
            m.CopyTo(buf, off);
            off += m.Length;
        }
        return buf;
    }

    /// <summary>Wraps <paramref name="payload"/> in a compress message when that makes it smaller; else returns it.</summary>
    public static byte[] MaybeCompress(byte[] payload)
    {
        ArgumentNullException.ThrowIfNull(payload);
        var compressed = Lzw.Compress(payload);
        var w = new MsgPackWriter(compressed.Length + 16);
        w.WriteByte((byte)MessageType.Compress);
        new CompressedPayload(0, compressed).WriteBody(w);
        return w.Length < payload.Length ? w.ToArray() : payload;
    }

    /// <summary>Prefixes the CRC header: type 12 and the big-endian CRC-32 (IEEE) of the rest.</summary>
    public static byte[] AddCrc(ReadOnlySpan<byte> payload)
    {
        var buf = new byte[5 + payload.Length];
        buf[0] = (byte)MessageType.HasCrc;
        BinaryPrimitives.WriteUInt32BigEndian(buf.AsSpan(1), Crc32Ieee.Compute(payload));
        payload.CopyTo(buf.AsSpan(5));
        return buf;
    }

    /// <summary>Applies the outer layers to an (optionally compound/compressed) payload, ready for the socket.</summary>
    public static byte[] Seal(byte[] payload, bool crc, Keyring? keyring, byte encryptionVersion = 1, string label = "")
    {
        ArgumentNullException.ThrowIfNull(payload);
        byte[] msg = crc ? AddCrc(payload) : payload;
        var labelBytes = Encoding.UTF8.GetBytes(label ?? "");
        if (keyring is not null) msg = GossipCrypto.Encrypt(encryptionVersion, keyring.PrimaryKey, msg, labelBytes);
        return labelBytes.Length == 0 ? msg : [(byte)MessageType.HasLabel, (byte)labelBytes.Length, .. labelBytes, .. msg];
    }

    /// <summary>
    /// Opens a received packet and returns its messages in order. Throws <see cref="GossipDecodeException"/>
    /// (or a subtype) for anything malformed: bad label, failed decryption, CRC mismatch, truncated compound,
    /// invalid compression, invalid MessagePack. <paramref name="maxDecompressedBytes"/> bounds expansion.
    /// </summary>
    public static List<IGossipMessage> Open(ReadOnlySpan<byte> packet, Keyring? keyring, string label = "", int maxDecompressedBytes = 1 << 20)
    {
        if (packet.IsEmpty) throw new GossipDecodeException("Empty packet.");
        var expectedLabel = Encoding.UTF8.GetBytes(label ?? "");
        ReadOnlySpan<byte> gotLabel = [];
        if (packet[0] == (byte)MessageType.HasLabel)
        {
            if (packet.Length < 2 || packet[1] == 0 || packet.Length < 2 + packet[1]) throw new GossipDecodeException("Truncated label header.");
            gotLabel = packet.Slice(2, packet[1]);
            packet = packet[(2 + packet[1])..];
        }
        if (!gotLabel.SequenceEqual(expectedLabel)) throw new GossipDecodeException("Packet label does not match ours.");
        byte[]? plain = null;
        if (keyring is not null)
        {
            plain = GossipCrypto.Decrypt(keyring.Keys, packet, expectedLabel);
            packet = plain;
        }
        if (packet.IsEmpty) throw new GossipDecodeException("Empty payload.");
        if (packet[0] == (byte)MessageType.HasCrc)
        {
            if (packet.Length < 5) throw new GossipDecodeException("Truncated CRC header.");
            uint expected = BinaryPrimitives.ReadUInt32BigEndian(packet[1..]);
            packet = packet[5..];
            if (Crc32Ieee.Compute(packet) != expected) throw new GossipDecodeException("CRC mismatch.");
        }
        var result = new List<IGossipMessage>();
        Unwrap(packet, result, 0, maxDecompressedBytes);
        return result;
    }

    private static void Unwrap(ReadOnlySpan<byte> msg, List<IGossipMessage> into, int depth, int maxDecompressed)
    {
        if (depth > MaxNesting) throw new GossipDecodeException("Compound/compress nesting is too deep.");
        if (msg.IsEmpty) throw new GossipDecodeException("Empty message.");
        switch ((MessageType)msg[0])
        {
            case MessageType.Compound:
                foreach (var range in SplitCompound(msg[1..]))
                {
                    Unwrap(msg.Slice(1 + range.Start, range.Length), into, depth + 1, maxDecompressed);
                }
                break;
            case MessageType.Compress:
                Unwrap(Decompress(msg[1..], maxDecompressed), into, depth + 1, maxDecompressed);
                break;
            default:
                into.Add(MessageCodec.DecodePacketMessage(msg));
                break;
        }
    }

    /// <summary>Decodes a compress message body (after the type byte) and returns the inflated inner message.</summary>
    public static byte[] Decompress(ReadOnlySpan<byte> body, int maxDecompressed)
    {
        var r = new MsgPackReader(body);
        var c = CompressedPayload.Read(ref r);
        if (c.Algo != 0) throw new GossipDecodeException($"Unknown compression algorithm {c.Algo}.");
        return Lzw.Decompress(c.Buf, maxDecompressed);
    }

    private static List<(int Start, int Length)> SplitCompound(ReadOnlySpan<byte> body)
    {
        if (body.IsEmpty) throw new GossipDecodeException("Truncated compound header.");
        int count = body[0];
        if (body.Length < 1 + 2 * count) throw new GossipDecodeException("Truncated compound length table.");
        var parts = new List<(int, int)>(count);
        int off = 1 + 2 * count;
        for (int i = 0; i < count; i++)
        {
            int len = BinaryPrimitives.ReadUInt16BigEndian(body[(1 + 2 * i)..]);
            if (off + len > body.Length) throw new GossipDecodeException($"Compound part {i} is truncated.");
            parts.Add((off, len));
            off += len;
        }
        return parts;
    }
}
