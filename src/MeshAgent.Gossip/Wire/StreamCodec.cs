using System.Buffers.Binary;
using System.Text;
using MeshAgent.Gossip.Codec;
using MeshAgent.Gossip.Security;

namespace MeshAgent.Gossip.Wire;

/// <summary>
/// Framing of stream (TCP) messages as memberlist does it: optional label header, then either
/// <c>encrypt</c> + big-endian u32 length + AES-GCM payload (the 5 header bytes are the associated data),
/// or the plain message; inside, an optional compress message. Thread-safe.
/// </summary>
public static class StreamCodec
{
    /// <summary>memberlist refuses remote state larger than this (maxPushStateBytes).</summary>
    public const int MaxStreamBytes = 20 * 1024 * 1024;

    /// <summary>Encodes and seals a stream message for sending.</summary>
    public static byte[] Seal(IGossipMessage message, bool compress, Keyring? keyring, byte encryptionVersion = 1, string label = "")
    {
        byte[] plain = MessageCodec.Encode(message);
        if (compress) plain = PacketCodec.MaybeCompress(plain);
        if (keyring is not null)
        {
            int encLen = plain.Length + GossipCrypto.Overhead + (encryptionVersion == 0 ? 16 - plain.Length % 16 : 0);
            var header = new byte[5];
            header[0] = (byte)MessageType.Encrypt;
            BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(1), (uint)encLen);
            plain = [.. header, .. GossipCrypto.Encrypt(encryptionVersion, keyring.PrimaryKey, plain, header)];
        }
        var labelBytes = Encoding.UTF8.GetBytes(label ?? "");
        return labelBytes.Length == 0 ? plain : [(byte)MessageType.HasLabel, (byte)labelBytes.Length, .. labelBytes, .. plain];
    }

    /// <summary>
    /// Opens one complete stream message (as returned by <see cref="TryMeasure"/>): ping, ack, err,
    /// <see cref="PushPull"/> or <see cref="StreamUserMessage"/>. When <paramref name="keyring"/> is set the
    /// message must be encrypted. Throws <see cref="GossipDecodeException"/> on anything malformed.
    /// </summary>
    public static IGossipMessage Open(ReadOnlySpan<byte> data, Keyring? keyring, string label = "")
    {
        data = StripLabel(data, label);
        byte[]? plainOwner = null;
        if (data.IsEmpty) throw new GossipDecodeException("Empty stream message.");
        if (data[0] == (byte)MessageType.Encrypt)
        {
            if (keyring is null) throw new GossipDecodeException("Stream is encrypted but no keyring is configured.");
            if (data.Length < 5) throw new GossipDecodeException("Truncated encrypt header.");
            uint len = BinaryPrimitives.ReadUInt32BigEndian(data[1..]);
            if (len > MaxStreamBytes || len > data.Length - 5) throw new GossipDecodeException($"Encrypted stream length {len} is invalid.");
            plainOwner = GossipCrypto.Decrypt(keyring.Keys, data.Slice(5, (int)len), data[..5]);
            data = plainOwner;
        }
        else if (keyring is not null)
        {
            throw new GossipDecodeException("Encryption is configured but the stream is not encrypted.");
        }
        if (data.IsEmpty) throw new GossipDecodeException("Empty stream payload.");
        if (data[0] == (byte)MessageType.Compress)
        {
            data = PacketCodec.Decompress(data[1..], MaxStreamBytes);
            if (data.IsEmpty) throw new GossipDecodeException("Empty decompressed stream payload.");
        }
        var body = data[1..];
        var r = new MsgPackReader(body);
        switch ((MessageType)data[0])
        {
            case MessageType.PushPull:
                return PushPull.Read(ref r, body);
            case MessageType.User:
                var h = UserMessageHeader.Read(ref r);
                if (h.UserMsgLen > r.Remaining) throw new GossipDecodeException("Truncated user message.");
                return new StreamUserMessage(body.Slice(r.Position, h.UserMsgLen).ToArray());
            case MessageType.Ping:
            case MessageType.Ack:
            case MessageType.Err:
                return MessageCodec.DecodePacketMessage(data);
            default:
                throw new GossipDecodeException($"Message type {data[0]} is not valid on a stream.");
        }
    }

    /// <summary>
    /// Decides whether <paramref name="buffer"/> starts with one complete stream message. Returns true with
    /// its length, or false when more bytes are needed. Throws <see cref="GossipDecodeException"/> when the
    /// bytes can never form a valid message.
    /// </summary>
    public static bool TryMeasure(ReadOnlySpan<byte> buffer, out int length)
    {
        length = 0;
        int offset = 0;
        if (buffer.IsEmpty) return false;
        if (buffer[0] == (byte)MessageType.HasLabel)
        {
            if (buffer.Length < 2) return false;
            offset = 2 + buffer[1];
            if (buffer.Length <= offset) return false;
        }
        var data = buffer[offset..];
        if (data[0] == (byte)MessageType.Encrypt)
        {
            if (data.Length < 5) return false;
            uint len = BinaryPrimitives.ReadUInt32BigEndian(data[1..]);
            if (len > MaxStreamBytes) throw new GossipDecodeException($"Encrypted stream length {len} exceeds the limit.");
            if (data.Length < 5 + len) return false;
            length = offset + 5 + (int)len;
            return true;
        }
        try
        {
            var r = new MsgPackReader(data[1..]);
            switch ((MessageType)data[0])
            {
                case MessageType.PushPull:
                    var h = PushPullHeader.Read(ref r);
                    for (int i = 0; i < h.Nodes; i++) r.Skip();
                    if (r.Remaining < h.UserStateLen) return false;
                    length = offset + 1 + r.Position + h.UserStateLen;
                    return true;
                case MessageType.User:
                    var u = UserMessageHeader.Read(ref r);
                    if (r.Remaining < u.UserMsgLen) return false;
                    length = offset + 1 + r.Position + u.UserMsgLen;
                    return true;
                case MessageType.Compress or MessageType.Ping or MessageType.Ack or MessageType.Err:
                    r.Skip();
                    length = offset + 1 + r.Position;
                    return true;
                default:
                    throw new GossipDecodeException($"Message type {data[0]} is not valid on a stream.");
            }
        }
        catch (MsgPackException)
        {
            // Most likely the rest has not arrived yet; the caller bounds size and time.
            return false;
        }
    }

    private static ReadOnlySpan<byte> StripLabel(ReadOnlySpan<byte> data, string label)
    {
        var expected = Encoding.UTF8.GetBytes(label ?? "");
        ReadOnlySpan<byte> got = [];
        if (!data.IsEmpty && data[0] == (byte)MessageType.HasLabel)
        {
            if (data.Length < 2 || data[1] == 0 || data.Length < 2 + data[1]) throw new GossipDecodeException("Truncated label header.");
            got = data.Slice(2, data[1]);
            data = data[(2 + data[1])..];
        }
        if (!got.SequenceEqual(expected)) throw new GossipDecodeException("Stream label does not match ours.");
        return data;
    }
}
