using System.Buffers.Binary;
using System.Net;

namespace MeshAgent.Nat.Pcp;

/// <summary>PCP messages (RFC 6887): pure encoders and a decoder that throws only <see cref="MalformedReplyException"/>.</summary>
public static class PcpCodec
{
    /// <summary>UDP port the PCP server listens on (RFC 6887 section 19.1), shared with NAT-PMP.</summary>
    public const int ServerPort = 5351;

    /// <summary>Length of the MAP nonce (section 11.1).</summary>
    public const int NonceLength = 12;

    private const byte Version = 2;
    private const byte OpAnnounce = 0;
    private const byte OpMap = 1;
    private const byte ReplyBit = 0x80;
    private const byte ProtocolUdp = 17;
    private const int HeaderLength = 24;
    private const int MapLength = HeaderLength + 36;

    // Section 7: messages are at most 1100 bytes and a multiple of 4 (options included).
    private const int MaxMessageLength = 1100;

    /// <summary>An ANNOUNCE request (section 14.1), used as the probe: a PCP server answers it with its epoch.</summary>
    public static byte[] EncodeAnnounceRequest(IPAddress clientAddress)
    {
        var message = new byte[HeaderLength];
        WriteHeader(message, OpAnnounce, 0, clientAddress);
        return message;
    }

    /// <summary>A MAP request for UDP <paramref name="internalPort"/> (section 11.1); lifetime 0 deletes the mapping.</summary>
    public static byte[] EncodeMapUdpRequest(ReadOnlySpan<byte> nonce, IPAddress clientAddress, ushort internalPort, ushort suggestedExternalPort, IPAddress? suggestedExternalAddress, uint lifetimeSeconds)
    {
        if (nonce.Length != NonceLength)
        {
            throw new ArgumentException($"PCP nonce must be {NonceLength} bytes", nameof(nonce));
        }

        var message = new byte[MapLength];
        WriteHeader(message, OpMap, lifetimeSeconds, clientAddress);
        var map = message.AsSpan(HeaderLength);
        nonce.CopyTo(map);
        map[12] = ProtocolUdp;
        BinaryPrimitives.WriteUInt16BigEndian(map[16..], internalPort);
        BinaryPrimitives.WriteUInt16BigEndian(map[18..], suggestedExternalPort);
        WriteAddress(map.Slice(20, 16), suggestedExternalAddress ?? IPAddress.Any);
        return message;
    }

    /// <summary>Decodes a PCP reply; options after the opcode's fields are skipped.</summary>
    /// <exception cref="MalformedReplyException">Wrong version, not a reply, unknown opcode, bad length or protocol.</exception>
    public static PcpReply Decode(ReadOnlySpan<byte> datagram)
    {
        if (datagram.Length < HeaderLength || datagram.Length > MaxMessageLength || datagram.Length % 4 != 0)
        {
            throw new MalformedReplyException($"PCP reply of {datagram.Length} bytes");
        }

        if (datagram[0] != Version)
        {
            throw new MalformedReplyException($"PCP reply has version {datagram[0]}");
        }

        if ((datagram[1] & ReplyBit) == 0)
        {
            throw new MalformedReplyException("PCP message is a request, not a reply");
        }

        var opcode = (byte)(datagram[1] & ~ReplyBit);
        var result = (PcpResultCode)datagram[3];
        var lifetime = BinaryPrimitives.ReadUInt32BigEndian(datagram[4..]);
        var epoch = BinaryPrimitives.ReadUInt32BigEndian(datagram[8..]);
        switch (opcode)
        {
            case OpAnnounce:
                return new PcpReply(PcpOpcode.Announce, result, lifetime, epoch, [], 0, 0, null);
            case OpMap:
                if (datagram.Length < MapLength)
                {
                    // Section 7.2: an error reply may carry only the header when the request was unparseable.
                    if (result != PcpResultCode.Success)
                    {
                        return new PcpReply(PcpOpcode.Map, result, lifetime, epoch, [], 0, 0, null);
                    }

                    throw new MalformedReplyException($"PCP MAP reply of {datagram.Length} bytes");
                }

                var map = datagram[HeaderLength..];
                if (map[12] != ProtocolUdp)
                {
                    throw new MalformedReplyException($"PCP MAP reply for protocol {map[12]}");
                }

                return new PcpReply(
                    PcpOpcode.Map,
                    result,
                    lifetime,
                    epoch,
                    map[..NonceLength].ToArray(),
                    BinaryPrimitives.ReadUInt16BigEndian(map[16..]),
                    BinaryPrimitives.ReadUInt16BigEndian(map[18..]),
                    ReadAddress(map.Slice(20, 16)));
            default:
                throw new MalformedReplyException($"PCP reply has opcode {opcode}");
        }
    }

    private static void WriteHeader(Span<byte> message, byte opcode, uint lifetimeSeconds, IPAddress clientAddress)
    {
        message[0] = Version;
        message[1] = opcode;
        BinaryPrimitives.WriteUInt32BigEndian(message[4..], lifetimeSeconds);
        WriteAddress(message.Slice(8, 16), clientAddress);
    }

    // Section 5: IPv4 addresses travel as IPv4-mapped IPv6 addresses.
    private static void WriteAddress(Span<byte> destination, IPAddress address) =>
        (address.IsIPv4MappedToIPv6 || address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? address : address.MapToIPv6())
            .TryWriteBytes(destination, out _);

    private static IPAddress ReadAddress(ReadOnlySpan<byte> source)
    {
        var address = new IPAddress(source);
        return address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
    }
}
