namespace MeshAgent.Netlink;

/// <summary>Bits in nla_type above the 14-bit attribute number.</summary>
public static class NetlinkAttributeFlags
{
    /// <summary>NLA_F_NESTED: the payload is a list of attributes.</summary>
    public const ushort Nested = 0x8000;

    /// <summary>NLA_F_NET_BYTEORDER: the payload is in network byte order.</summary>
    public const ushort NetByteOrder = 0x4000;

    /// <summary>NLA_TYPE_MASK: the attribute number without the flag bits.</summary>
    public const ushort TypeMask = 0x3FFF;

    /// <summary>sizeof(struct nlattr).</summary>
    public const int HeaderSize = 4;

    /// <summary>nla_len is 16 bits: no attribute, nested ones included, can be longer.</summary>
    public const int MaximumLength = ushort.MaxValue;
}
