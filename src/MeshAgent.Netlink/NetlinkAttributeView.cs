using System.Buffers.Binary;
using System.Net;
using System.Text;

namespace MeshAgent.Netlink;

/// <summary>
/// One attribute (struct nlattr + payload) viewed over received bytes. The typed getters check the
/// payload length and throw <see cref="NetlinkFormatException"/> when it does not fit the type.
/// </summary>
public readonly ref struct NetlinkAttributeView
{
    /// <summary>Wraps an attribute's type field and payload.</summary>
    public NetlinkAttributeView(ushort rawType, ReadOnlySpan<byte> payload)
    {
        RawType = rawType;
        Payload = payload;
    }

    /// <summary>nla_type including the NLA_F_* flag bits.</summary>
    public ushort RawType { get; }

    /// <summary>The attribute number (flags masked off).</summary>
    public ushort Type => (ushort)(RawType & NetlinkAttributeFlags.TypeMask);

    /// <summary>True when NLA_F_NESTED is set. Older kernels omit the flag on some nests; parse by type.</summary>
    public bool IsNestedFlagSet => (RawType & NetlinkAttributeFlags.Nested) != 0;

    /// <summary>The payload without padding.</summary>
    public ReadOnlySpan<byte> Payload { get; }

    /// <summary>The payload as a list of attributes.</summary>
    public NetlinkAttributeReader Nested => new(Payload);

    /// <summary>A u8 payload.</summary>
    public byte GetU8() => Exact(1)[0];

    /// <summary>A u16 payload (host order).</summary>
    public ushort GetU16() => BinaryPrimitives.ReadUInt16LittleEndian(Exact(2));

    /// <summary>A u32 payload (host order).</summary>
    public uint GetU32() => BinaryPrimitives.ReadUInt32LittleEndian(Exact(4));

    /// <summary>A u64 payload (host order).</summary>
    public ulong GetU64() => BinaryPrimitives.ReadUInt64LittleEndian(Exact(8));

    /// <summary>A string payload; a trailing NUL (and anything after the first NUL) is dropped.</summary>
    public string GetString()
    {
        var end = Payload.IndexOf((byte)0);
        var text = end < 0 ? Payload : Payload[..end];
        return Encoding.UTF8.GetString(text);
    }

    /// <summary>An IPv4 (4 bytes) or IPv6 (16 bytes) address payload.</summary>
    public IPAddress GetAddress() => Payload.Length is 4 or 16
        ? new IPAddress(Payload)
        : throw new NetlinkFormatException($"Attribute {Type}: an address is 4 or 16 bytes, not {Payload.Length}.");

    /// <summary>The payload, checked to be exactly <paramref name="length"/> bytes.</summary>
    public ReadOnlySpan<byte> Exact(int length) => Payload.Length == length
        ? Payload
        : throw new NetlinkFormatException($"Attribute {Type}: expected {length} bytes, got {Payload.Length}.");
}
