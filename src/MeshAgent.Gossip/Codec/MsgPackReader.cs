using System.Buffers.Binary;
using System.Text;

namespace MeshAgent.Gossip.Codec;

/// <summary>
/// Reads MessagePack values from a span. Accepts both the old "raw" and the new str8/bin families for
/// strings and bytes. Every length is checked against the bytes that remain before anything is allocated,
/// so a hostile length cannot cause a large allocation; nesting is limited. Errors are <see cref="MsgPackException"/>.
/// </summary>
public ref struct MsgPackReader
{
    /// <summary>Deepest nesting <see cref="Skip"/> follows; memberlist messages nest at most two levels.</summary>
    public const int MaxDepth = 32;

    private readonly ReadOnlySpan<byte> _data;
    private int _position;

    /// <summary>Creates a reader over <paramref name="data"/>.</summary>
    public MsgPackReader(ReadOnlySpan<byte> data)
    {
        _data = data;
        _position = 0;
    }

    /// <summary>Offset of the next unread byte.</summary>
    public readonly int Position => _position;

    /// <summary>Bytes not read yet.</summary>
    public readonly int Remaining => _data.Length - _position;

    /// <summary>True when the next value is nil (does not consume it).</summary>
    public readonly bool IsNil => Remaining > 0 && _data[_position] == 0xc0;

    /// <summary>Reads a map header; returns the number of pairs.</summary>
    public int ReadMapHeader()
    {
        byte b = Next();
        int count = b switch
        {
            >= 0x80 and <= 0x8f => b & 0x0f,
            0xde => ReadUInt16(),
            0xdf => CheckedCount(ReadUInt32()),
            0xc0 => 0,
            _ => throw Unexpected("map", b),
        };
        return EnsureElements(count, 2);
    }

    /// <summary>Reads an array header; returns the number of elements.</summary>
    public int ReadArrayHeader()
    {
        byte b = Next();
        int count = b switch
        {
            >= 0x90 and <= 0x9f => b & 0x0f,
            0xdc => ReadUInt16(),
            0xdd => CheckedCount(ReadUInt32()),
            0xc0 => 0,
            _ => throw Unexpected("array", b),
        };
        return EnsureElements(count, 1);
    }

    /// <summary>Reads a string (raw, str8/16/32 or bin8/16/32), decoded as UTF-8; nil reads as empty.</summary>
    public string ReadString() => Encoding.UTF8.GetString(ReadBytesSpan());

    /// <summary>Reads a byte string (raw, str or bin family); nil reads as empty.</summary>
    public byte[] ReadBytes() => ReadBytesSpan().ToArray();

    /// <summary>Reads a byte string and returns a view of it without copying.</summary>
    public ReadOnlySpan<byte> ReadBytesSpan()
    {
        byte b = Next();
        int n = b switch
        {
            >= 0xa0 and <= 0xbf => b & 0x1f,
            0xd9 or 0xc4 => Next(),
            0xda or 0xc5 => ReadUInt16(),
            0xdb or 0xc6 => CheckedCount(ReadUInt32()),
            0xc0 => 0,
            _ => throw Unexpected("string or bytes", b),
        };
        return Take(n);
    }

    /// <summary>
    /// Reads a list of small unsigned integers, encoded either as a byte string (how go-codec writes a Go
    /// <c>[]uint8</c>) or as an array of integers.
    /// </summary>
    public byte[] ReadByteList()
    {
        if (Remaining > 0 && _data[_position] is >= 0x90 and <= 0x9f or 0xdc or 0xdd)
        {
            int n = ReadArrayHeader();
            var result = new byte[n];
            for (int i = 0; i < n; i++)
            {
                ulong v = ReadUInt64();
                if (v > byte.MaxValue) throw new MsgPackException($"List element {v} does not fit in a byte.");
                result[i] = (byte)v;
            }
            return result;
        }
        return ReadBytes();
    }

    /// <summary>Reads a non-negative integer in any integer encoding; nil reads as 0.</summary>
    public ulong ReadUInt64()
    {
        byte b = Next();
        switch (b)
        {
            case <= 0x7f: return b;
            case 0xcc: return Next();
            case 0xcd: return ReadUInt16();
            case 0xce: return ReadUInt32();
            case 0xcf: return BinaryPrimitives.ReadUInt64BigEndian(Take(8));
            case 0xc0: return 0;
            case 0xd0 or 0xd1 or 0xd2 or 0xd3:
                _position--;
                long v = ReadInt64();
                if (v < 0) throw new MsgPackException($"Negative value {v} where an unsigned integer was expected.");
                return (ulong)v;
            default: throw Unexpected("unsigned integer", b);
        }
    }

    /// <summary>Reads an unsigned integer that must fit in 32 bits.</summary>
    public uint ReadUInt32Value()
    {
        ulong v = ReadUInt64();
        return v <= uint.MaxValue ? (uint)v : throw new MsgPackException($"Value {v} does not fit in 32 bits.");
    }

    /// <summary>Reads an unsigned integer that must fit in 16 bits.</summary>
    public ushort ReadUInt16Value()
    {
        ulong v = ReadUInt64();
        return v <= ushort.MaxValue ? (ushort)v : throw new MsgPackException($"Value {v} does not fit in 16 bits.");
    }

    /// <summary>Reads a signed integer in any integer encoding; nil reads as 0.</summary>
    public long ReadInt64()
    {
        byte b = Next();
        switch (b)
        {
            case <= 0x7f: return b;
            case >= 0xe0: return (sbyte)b;
            case 0xd0: return (sbyte)Next();
            case 0xd1: return BinaryPrimitives.ReadInt16BigEndian(Take(2));
            case 0xd2: return BinaryPrimitives.ReadInt32BigEndian(Take(4));
            case 0xd3: return BinaryPrimitives.ReadInt64BigEndian(Take(8));
            case 0xcc: return Next();
            case 0xcd: return ReadUInt16();
            case 0xce: return ReadUInt32();
            case 0xcf:
                ulong u = BinaryPrimitives.ReadUInt64BigEndian(Take(8));
                return u <= long.MaxValue ? (long)u : throw new MsgPackException($"Value {u} does not fit in a signed 64-bit integer.");
            case 0xc0: return 0;
            default: throw Unexpected("integer", b);
        }
    }

    /// <summary>Reads a length/count integer that must be between 0 and <see cref="int.MaxValue"/>.</summary>
    public int ReadNonNegativeInt32()
    {
        long v = ReadInt64();
        return v is >= 0 and <= int.MaxValue ? (int)v : throw new MsgPackException($"Count {v} is out of range.");
    }

    /// <summary>Reads a boolean; nil reads as false.</summary>
    public bool ReadBool()
    {
        byte b = Next();
        return b switch
        {
            0xc3 => true,
            0xc2 or 0xc0 => false,
            _ => throw Unexpected("bool", b),
        };
    }

    /// <summary>Skips one complete value of any type, following nesting up to <see cref="MaxDepth"/>.</summary>
    public void Skip() => Skip(0);

    private void Skip(int depth)
    {
        if (depth > MaxDepth) throw new MsgPackException("MessagePack nesting is too deep.");
        byte b = Next();
        switch (b)
        {
            case <= 0x7f or >= 0xe0 or 0xc0 or 0xc2 or 0xc3: return;
            case >= 0x80 and <= 0x8f: SkipElements(2L * (b & 0x0f), depth); return;
            case >= 0x90 and <= 0x9f: SkipElements(b & 0x0f, depth); return;
            case >= 0xa0 and <= 0xbf: Take(b & 0x1f); return;
            case 0xc4 or 0xd9: Take(Next()); return;
            case 0xc5 or 0xda: Take(ReadUInt16()); return;
            case 0xc6 or 0xdb: Take(CheckedCount(ReadUInt32())); return;
            case 0xc7: { int n = Next(); Take(n + 1); return; }
            case 0xc8: { int n = ReadUInt16(); Take(n + 1); return; }
            case 0xc9: { int n = CheckedCount(ReadUInt32()); Take(1); Take(n); return; }
            case 0xca: Take(4); return;
            case 0xcb: Take(8); return;
            case 0xcc or 0xd0: Take(1); return;
            case 0xcd or 0xd1: Take(2); return;
            case 0xce or 0xd2: Take(4); return;
            case 0xcf or 0xd3: Take(8); return;
            case 0xd4: Take(2); return;
            case 0xd5: Take(3); return;
            case 0xd6: Take(5); return;
            case 0xd7: Take(9); return;
            case 0xd8: Take(17); return;
            case 0xdc: SkipElements(ReadUInt16(), depth); return;
            case 0xdd: SkipElements(CheckedCount(ReadUInt32()), depth); return;
            case 0xde: SkipElements(2L * ReadUInt16(), depth); return;
            case 0xdf: SkipElements(2L * CheckedCount(ReadUInt32()), depth); return;
            default: throw Unexpected("any value", b);
        }
    }

    private void SkipElements(long count, int depth)
    {
        if (count > Remaining) throw new MsgPackException($"Container announces {count} elements but only {Remaining} bytes remain.");
        for (long i = 0; i < count; i++) Skip(depth + 1);
    }

    private int EnsureElements(int count, int perElement)
    {
        if ((long)count * perElement > Remaining)
        {
            throw new MsgPackException($"Container announces {count} entries but only {Remaining} bytes remain.");
        }
        return count;
    }

    private static int CheckedCount(uint n) =>
        n <= int.MaxValue ? (int)n : throw new MsgPackException($"Length {n} is out of range.");

    private byte Next()
    {
        if (_position >= _data.Length) throw new MsgPackException("Unexpected end of MessagePack data.");
        return _data[_position++];
    }

    private ushort ReadUInt16() => BinaryPrimitives.ReadUInt16BigEndian(Take(2));

    private uint ReadUInt32() => BinaryPrimitives.ReadUInt32BigEndian(Take(4));

    private ReadOnlySpan<byte> Take(int n)
    {
        if (n < 0 || n > Remaining)
        {
            throw new MsgPackException($"Value needs {n} bytes but only {Remaining} remain at offset {_position}.");
        }
        var span = _data.Slice(_position, n);
        _position += n;
        return span;
    }

    private readonly MsgPackException Unexpected(string expected, byte b) =>
        new($"Expected {expected} but found type byte 0x{b:x2} at offset {_position - 1}.");
}
