using System.Buffers.Binary;
using System.Text;

namespace MeshAgent.Netlink;

/// <summary>
/// Builds one netlink message: header, a fixed family header (genlmsghdr, ifinfomsg, ...), then
/// attributes, each 4-byte aligned. Nested attributes are opened and closed explicitly; a builder can be
/// rewound to an earlier <see cref="Length"/> to undo attributes that did not fit. Not thread-safe.
/// </summary>
public sealed class NetlinkMessageBuilder
{
    private byte[] _buffer;
    private int _length;

    /// <summary>Starts a message of <paramref name="type"/> with <paramref name="flags"/>.</summary>
    /// <param name="type">Message type (rtnetlink RTM_*, or a generic netlink family id).</param>
    /// <param name="flags">NLM_F_* flags; the connection adds NLM_F_REQUEST and NLM_F_ACK as needed.</param>
    /// <param name="initialCapacity">Initial buffer size in bytes; the buffer grows as needed.</param>
    public NetlinkMessageBuilder(ushort type, ushort flags, int initialCapacity = 1024)
    {
        _buffer = new byte[Math.Max(initialCapacity, 64)];
        Type = type;
        Flags = flags;
        _length = NetlinkHeader.Size;
    }

    /// <summary>The message type.</summary>
    public ushort Type { get; }

    /// <summary>The NLM_F_* flags; <see cref="NetlinkConnection"/> may add Request/Ack.</summary>
    public ushort Flags { get; set; }

    /// <summary>Bytes written so far, header included (always 4-byte aligned).</summary>
    public int Length => _length;

    /// <summary>Appends a zeroed fixed-size family header and returns it for filling in.</summary>
    public Span<byte> AddFixedHeader(int size)
    {
        var span = Reserve(NetlinkHeader.Align(size));
        return span[..size];
    }

    /// <summary>Appends a generic netlink header (genlmsghdr: cmd, version, reserved).</summary>
    public void AddGenericHeader(byte command, byte version)
    {
        var span = AddFixedHeader(4);
        span[0] = command;
        span[1] = version;
    }

    /// <summary>Appends an attribute with a raw payload.</summary>
    public void AddBytes(ushort type, ReadOnlySpan<byte> payload)
    {
        var total = NetlinkAttributeFlags.HeaderSize + payload.Length;
        if (total > NetlinkAttributeFlags.MaximumLength)
        {
            throw new ArgumentOutOfRangeException(nameof(payload), "A netlink attribute is at most 65535 bytes.");
        }

        var span = Reserve(NetlinkHeader.Align(total));
        BinaryPrimitives.WriteUInt16LittleEndian(span, (ushort)total);
        BinaryPrimitives.WriteUInt16LittleEndian(span[2..], type);
        payload.CopyTo(span[4..]);
    }

    /// <summary>Appends a u8 attribute.</summary>
    public void AddU8(ushort type, byte value) => AddBytes(type, [value]);

    /// <summary>Appends a u16 attribute (host order).</summary>
    public void AddU16(ushort type, ushort value)
    {
        Span<byte> payload = stackalloc byte[2];
        BinaryPrimitives.WriteUInt16LittleEndian(payload, value);
        AddBytes(type, payload);
    }

    /// <summary>Appends a u32 attribute (host order).</summary>
    public void AddU32(ushort type, uint value)
    {
        Span<byte> payload = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(payload, value);
        AddBytes(type, payload);
    }

    /// <summary>Appends a u64 attribute (host order).</summary>
    public void AddU64(ushort type, ulong value)
    {
        Span<byte> payload = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(payload, value);
        AddBytes(type, payload);
    }

    /// <summary>Appends a NUL-terminated string attribute (NLA_NUL_STRING / NLA_STRING).</summary>
    public void AddString(ushort type, string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var bytes = new byte[Encoding.UTF8.GetByteCount(value) + 1];
        Encoding.UTF8.GetBytes(value, bytes);
        AddBytes(type, bytes);
    }

    /// <summary>
    /// Opens a nested attribute (NLA_F_NESTED is set); attributes added until
    /// <see cref="EndNested"/> are its payload. Returns the token for <see cref="EndNested"/>.
    /// </summary>
    public int BeginNested(ushort type)
    {
        var offset = _length;
        var span = Reserve(NetlinkAttributeFlags.HeaderSize);
        BinaryPrimitives.WriteUInt16LittleEndian(span[2..], (ushort)(type | NetlinkAttributeFlags.Nested));
        return offset;
    }

    /// <summary>Closes the nested attribute opened at <paramref name="token"/>.</summary>
    /// <exception cref="InvalidOperationException">The nest grew beyond 65535 bytes.</exception>
    public void EndNested(int token)
    {
        var length = _length - token;
        if (length > NetlinkAttributeFlags.MaximumLength)
        {
            throw new InvalidOperationException($"Nested attribute of {length} bytes exceeds nla_len's 65535.");
        }

        BinaryPrimitives.WriteUInt16LittleEndian(_buffer.AsSpan(token), (ushort)length);
    }

    /// <summary>Bytes the nest opened at <paramref name="token"/> holds so far, its header included.</summary>
    public int NestedLength(int token) => _length - token;

    /// <summary>Drops everything written after <paramref name="length"/> (an earlier <see cref="Length"/>).</summary>
    public void Rewind(int length)
    {
        if (length < NetlinkHeader.Size || length > _length)
        {
            throw new ArgumentOutOfRangeException(nameof(length));
        }

        _buffer.AsSpan(length, _length - length).Clear();
        _length = length;
    }

    /// <summary>The finished message with its header filled in.</summary>
    public byte[] ToArray(uint sequence, uint portId = 0)
    {
        var result = _buffer.AsSpan(0, _length).ToArray();
        new NetlinkHeader((uint)_length, Type, Flags, sequence, portId).Write(result);
        return result;
    }

    private Span<byte> Reserve(int size)
    {
        if (_length + size > _buffer.Length)
        {
            Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _length + size));
        }

        var span = _buffer.AsSpan(_length, size);
        span.Clear();
        _length += size;
        return span;
    }
}
