using System.Buffers.Binary;

namespace MeshAgent.Netlink;

/// <summary>
/// struct nlmsghdr: 16 bytes in host byte order (little-endian on every platform we run on).
/// </summary>
/// <param name="Length">Total message length including this header, in bytes.</param>
/// <param name="Type">Message type (control types below 16, else protocol or family id).</param>
/// <param name="Flags">NLM_F_* flags.</param>
/// <param name="Sequence">Sequence number chosen by the requester and echoed in replies.</param>
/// <param name="PortId">Sender's port id (0 = kernel for requests; replies carry the requester's port).</param>
public readonly record struct NetlinkHeader(uint Length, ushort Type, ushort Flags, uint Sequence, uint PortId)
{
    /// <summary>sizeof(struct nlmsghdr).</summary>
    public const int Size = 16;

    /// <summary>Reads a header from the first 16 bytes.</summary>
    /// <exception cref="NetlinkFormatException">Fewer than 16 bytes.</exception>
    public static NetlinkHeader Read(ReadOnlySpan<byte> source)
    {
        if (source.Length < Size)
        {
            throw new NetlinkFormatException($"A netlink header needs {Size} bytes, {source.Length} left.");
        }

        return new NetlinkHeader(
            BinaryPrimitives.ReadUInt32LittleEndian(source),
            BinaryPrimitives.ReadUInt16LittleEndian(source[4..]),
            BinaryPrimitives.ReadUInt16LittleEndian(source[6..]),
            BinaryPrimitives.ReadUInt32LittleEndian(source[8..]),
            BinaryPrimitives.ReadUInt32LittleEndian(source[12..]));
    }

    /// <summary>Writes the header into the first 16 bytes of <paramref name="destination"/>.</summary>
    public void Write(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(destination, Length);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[4..], Type);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[6..], Flags);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[8..], Sequence);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[12..], PortId);
    }

    /// <summary>Rounds up to netlink's 4-byte alignment (NLMSG_ALIGN / NLA_ALIGN).</summary>
    public static int Align(int length) => (length + 3) & ~3;
}
