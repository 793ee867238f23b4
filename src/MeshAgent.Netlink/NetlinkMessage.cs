namespace MeshAgent.Netlink;

/// <summary>One received netlink message: its header and the bytes after the header (unpadded).</summary>
/// <param name="Header">The nlmsghdr.</param>
/// <param name="Payload">Family header plus attributes.</param>
public sealed record NetlinkMessage(NetlinkHeader Header, ReadOnlyMemory<byte> Payload)
{
    /// <summary>
    /// Attributes after a fixed family header of <paramref name="fixedHeaderSize"/> bytes (e.g. 4 for
    /// genlmsghdr, 16 for ifinfomsg).
    /// </summary>
    /// <exception cref="NetlinkFormatException">The payload is shorter than the fixed header.</exception>
    public NetlinkAttributeReader Attributes(int fixedHeaderSize)
    {
        var aligned = NetlinkHeader.Align(fixedHeaderSize);
        if (Payload.Length < fixedHeaderSize)
        {
            throw new NetlinkFormatException($"Message type {Header.Type}: {Payload.Length} bytes, family header needs {fixedHeaderSize}.");
        }

        return new NetlinkAttributeReader(aligned >= Payload.Length ? [] : Payload.Span[aligned..]);
    }

    /// <summary>Splits one received datagram into its messages, checking every length.</summary>
    /// <exception cref="NetlinkFormatException">A length is below 16 or beyond the datagram.</exception>
    public static List<NetlinkMessage> ParseDatagram(ReadOnlySpan<byte> datagram)
    {
        var messages = new List<NetlinkMessage>();
        while (!datagram.IsEmpty)
        {
            var header = NetlinkHeader.Read(datagram);
            if (header.Length < NetlinkHeader.Size || header.Length > datagram.Length)
            {
                throw new NetlinkFormatException($"Message length {header.Length} with {datagram.Length} bytes left.");
            }

            var length = (int)header.Length;
            messages.Add(new NetlinkMessage(header, datagram[NetlinkHeader.Size..length].ToArray()));
            var aligned = NetlinkHeader.Align(length);
            datagram = aligned >= datagram.Length ? [] : datagram[aligned..];
        }

        return messages;
    }
}
