using System.Buffers.Binary;
using System.Net;

namespace MeshAgent.Nat.NatPmp;

/// <summary>NAT-PMP messages (RFC 6886): pure encoders and a decoder that throws only <see cref="MalformedReplyException"/>.</summary>
public static class NatPmpCodec
{
    /// <summary>UDP port the gateway listens on (RFC 6886 section 3.1).</summary>
    public const int ServerPort = 5351;

    private const byte Version = 0;
    private const byte OpExternalAddress = 0;
    private const byte OpMapUdp = 1;
    private const byte ReplyBit = 128;
    private const int ExternalAddressReplyLength = 12;
    private const int MapReplyLength = 16;

    /// <summary>The 2-byte external-address request (section 3.2).</summary>
    public static byte[] EncodeExternalAddressRequest() => [Version, OpExternalAddress];

    /// <summary>The 12-byte UDP map request (section 3.3); lifetime 0 with external port 0 deletes the mapping.</summary>
    public static byte[] EncodeMapUdpRequest(ushort internalPort, ushort suggestedExternalPort, uint lifetimeSeconds)
    {
        var message = new byte[12];
        message[0] = Version;
        message[1] = OpMapUdp;
        BinaryPrimitives.WriteUInt16BigEndian(message.AsSpan(4), internalPort);
        BinaryPrimitives.WriteUInt16BigEndian(message.AsSpan(6), suggestedExternalPort);
        BinaryPrimitives.WriteUInt32BigEndian(message.AsSpan(8), lifetimeSeconds);
        return message;
    }

    /// <summary>Decodes any reply from the gateway; which kind it is depends on its opcode.</summary>
    /// <exception cref="MalformedReplyException">Wrong version, not a reply, unknown opcode or wrong length.</exception>
    public static NatPmpReply Decode(ReadOnlySpan<byte> datagram)
    {
        if (datagram.Length < 4)
        {
            throw new MalformedReplyException($"NAT-PMP reply of {datagram.Length} bytes is shorter than its header");
        }

        if (datagram[0] != Version)
        {
            throw new MalformedReplyException($"NAT-PMP reply has version {datagram[0]}");
        }

        if ((datagram[1] & ReplyBit) == 0)
        {
            throw new MalformedReplyException("NAT-PMP message is a request, not a reply");
        }

        var opcode = (byte)(datagram[1] & ~ReplyBit);
        var result = (NatPmpResultCode)BinaryPrimitives.ReadUInt16BigEndian(datagram[2..]);
        return opcode switch
        {
            OpExternalAddress => DecodeExternalAddress(datagram, result),
            OpMapUdp => DecodeMap(datagram, result),
            _ => throw new MalformedReplyException($"NAT-PMP reply has opcode {opcode}"),
        };
    }

    private static NatPmpReply DecodeExternalAddress(ReadOnlySpan<byte> datagram, NatPmpResultCode result)
    {
        // A refusal may be cut short after the header by some gateways; a success must be whole.
        if (result != NatPmpResultCode.Success && datagram.Length < ExternalAddressReplyLength)
        {
            return new NatPmpReply(NatPmpReplyKind.ExternalAddress, result, 0, null, 0, 0, 0);
        }

        if (datagram.Length != ExternalAddressReplyLength)
        {
            throw new MalformedReplyException($"NAT-PMP external-address reply of {datagram.Length} bytes, expected {ExternalAddressReplyLength}");
        }

        var epoch = BinaryPrimitives.ReadUInt32BigEndian(datagram[4..]);
        var address = new IPAddress(datagram.Slice(8, 4));
        return new NatPmpReply(NatPmpReplyKind.ExternalAddress, result, epoch, address, 0, 0, 0);
    }

    private static NatPmpReply DecodeMap(ReadOnlySpan<byte> datagram, NatPmpResultCode result)
    {
        if (datagram.Length != MapReplyLength)
        {
            throw new MalformedReplyException($"NAT-PMP map reply of {datagram.Length} bytes, expected {MapReplyLength}");
        }

        var epoch = BinaryPrimitives.ReadUInt32BigEndian(datagram[4..]);
        var internalPort = BinaryPrimitives.ReadUInt16BigEndian(datagram[8..]);
        var externalPort = BinaryPrimitives.ReadUInt16BigEndian(datagram[10..]);
        var lifetime = BinaryPrimitives.ReadUInt32BigEndian(datagram[12..]);
        return new NatPmpReply(NatPmpReplyKind.MapUdp, result, epoch, null, internalPort, externalPort, lifetime);
    }
}
