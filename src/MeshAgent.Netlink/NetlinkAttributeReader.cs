using System.Buffers.Binary;

namespace MeshAgent.Netlink;

/// <summary>
/// Walks a list of attributes in order (use with <c>foreach</c>). Every length is checked against what
/// is left, so malformed input ends in <see cref="NetlinkFormatException"/>, never an overrun or a loop.
/// </summary>
public ref struct NetlinkAttributeReader
{
    private ReadOnlySpan<byte> _remaining;

    /// <summary>Reads attributes from <paramref name="attributes"/>.</summary>
    public NetlinkAttributeReader(ReadOnlySpan<byte> attributes)
    {
        _remaining = attributes;
        Current = default;
    }

    /// <summary>The attribute the enumerator stands on.</summary>
    public NetlinkAttributeView Current { get; private set; }

    /// <summary>For <c>foreach</c>.</summary>
    public readonly NetlinkAttributeReader GetEnumerator() => this;

    /// <summary>Advances to the next attribute.</summary>
    /// <exception cref="NetlinkFormatException">A length is below 4 or beyond the data left.</exception>
    public bool MoveNext()
    {
        if (_remaining.IsEmpty)
        {
            return false;
        }

        if (_remaining.Length < NetlinkAttributeFlags.HeaderSize)
        {
            throw new NetlinkFormatException($"{_remaining.Length} trailing bytes are too short for an attribute header.");
        }

        int length = BinaryPrimitives.ReadUInt16LittleEndian(_remaining);
        var type = BinaryPrimitives.ReadUInt16LittleEndian(_remaining[2..]);
        if (length < NetlinkAttributeFlags.HeaderSize || length > _remaining.Length)
        {
            throw new NetlinkFormatException($"Attribute {type & NetlinkAttributeFlags.TypeMask}: length {length} with {_remaining.Length} bytes left.");
        }

        Current = new NetlinkAttributeView(type, _remaining[NetlinkAttributeFlags.HeaderSize..length]);
        var aligned = NetlinkHeader.Align(length);
        _remaining = aligned >= _remaining.Length ? [] : _remaining[aligned..];
        return true;
    }
}
