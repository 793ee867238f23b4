using System.Buffers.Binary;
using MeshAgent.Interop;

namespace MeshAgent.Netlink;

/// <summary>
/// The content of an NLMSG_ERROR (or of a NLMSG_DONE that carries an error): errno and the extended ack
/// (NETLINK_EXT_ACK) message and offset when present.
/// </summary>
/// <param name="Errno">Positive errno; <see cref="Errno.None"/> for an acknowledgement.</param>
/// <param name="Message">NLMSGERR_ATTR_MSG text, or null.</param>
/// <param name="Offset">NLMSGERR_ATTR_OFFS: offset of the offending attribute in the request, or null.</param>
public sealed record NetlinkError(Errno Errno, string? Message, uint? Offset)
{
    private const ushort AttributeMessage = 1;
    private const ushort AttributeOffset = 2;

    /// <summary>Parses the payload of an NLMSG_ERROR message.</summary>
    /// <exception cref="NetlinkFormatException">Truncated or malformed.</exception>
    public static NetlinkError Parse(NetlinkMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var payload = message.Payload.Span;
        if (payload.Length < 4)
        {
            throw new NetlinkFormatException("NLMSG_ERROR without an error code.");
        }

        var errno = ToErrno(BinaryPrimitives.ReadInt32LittleEndian(payload));
        if ((message.Header.Flags & NetlinkMessageFlags.AckTlvs) == 0)
        {
            return new NetlinkError(errno, null, null);
        }

        // The echoed request follows the error code: its header only when capped (NETLINK_CAP_ACK), or
        // the whole request otherwise; its own length field says how far to skip.
        var echoed = payload[4..];
        var request = NetlinkHeader.Read(echoed);
        var skip = (message.Header.Flags & NetlinkMessageFlags.Capped) != 0
            ? NetlinkHeader.Size
            : NetlinkHeader.Align((int)Math.Min(request.Length, int.MaxValue));
        if (skip < NetlinkHeader.Size || skip > echoed.Length)
        {
            throw new NetlinkFormatException($"NLMSG_ERROR echoes {skip} request bytes with {echoed.Length} left.");
        }

        return ParseTlvs(errno, echoed[skip..]);
    }

    /// <summary>Parses the payload of an NLMSG_DONE: an int error, then ack TLVs (kernel 4.19+).</summary>
    public static NetlinkError ParseDone(NetlinkMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var payload = message.Payload.Span;
        if (payload.Length < 4)
        {
            return new NetlinkError(Errno.None, null, null);
        }

        var errno = ToErrno(BinaryPrimitives.ReadInt32LittleEndian(payload));
        return (message.Header.Flags & NetlinkMessageFlags.AckTlvs) != 0
            ? ParseTlvs(errno, payload[4..])
            : new NetlinkError(errno, null, null);
    }

    private static NetlinkError ParseTlvs(Errno errno, ReadOnlySpan<byte> tlvs)
    {
        string? text = null;
        uint? offset = null;
        foreach (var attribute in new NetlinkAttributeReader(tlvs))
        {
            switch (attribute.Type)
            {
                case AttributeMessage:
                    text = attribute.GetString();
                    break;
                case AttributeOffset when attribute.Payload.Length == 4:
                    offset = attribute.GetU32();
                    break;
            }
        }

        return new NetlinkError(errno, string.IsNullOrEmpty(text) ? null : text, offset);
    }

    // The kernel sends -errno; a positive value would be a protocol violation, kept as is.
    private static Errno ToErrno(int code) => (Errno)(code < 0 ? -(long)code : code);
}
