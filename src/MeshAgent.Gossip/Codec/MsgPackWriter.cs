using System.Buffers.Binary;
using System.Text;

namespace MeshAgent.Gossip.Codec;

/// <summary>
/// Appends MessagePack values to a growable buffer, choosing the encodings go-codec's <c>MsgpackHandle</c>
/// (as used by memberlist) chooses: strings and byte slices both as the old-spec "raw" family
/// (fixraw, raw16, raw32 — never str8 or bin, which old decoders reject), unsigned integers in the
/// smallest uint form, signed integers in the smallest signed form. Not thread-safe.
/// </summary>
public sealed class MsgPackWriter
{
    private byte[] _buffer;
    private int _length;

    /// <summary>Creates a writer with an initial capacity in bytes.</summary>
    public MsgPackWriter(int capacity = 256) => _buffer = new byte[Math.Max(16, capacity)];

    /// <summary>Number of bytes written so far.</summary>
    public int Length => _length;

    /// <summary>The bytes written so far; valid until the next write.</summary>
    public ReadOnlySpan<byte> WrittenSpan => _buffer.AsSpan(0, _length);

    /// <summary>Copies the bytes written so far into a new array.</summary>
    public byte[] ToArray() => _buffer.AsSpan(0, _length).ToArray();

    /// <summary>Forgets everything written; keeps the buffer.</summary>
    public void Clear() => _length = 0;

    /// <summary>Appends one byte that is not MessagePack (e.g. a memberlist message type).</summary>
    public void WriteByte(byte value) => Span(1)[0] = value;

    /// <summary>Appends bytes verbatim (not MessagePack-framed).</summary>
    public void WriteVerbatim(ReadOnlySpan<byte> bytes) => bytes.CopyTo(Span(bytes.Length));

    /// <summary>Writes a map header announcing <paramref name="count"/> key/value pairs.</summary>
    public void WriteMapHeader(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (count < 16) WriteByte((byte)(0x80 | count));
        else if (count <= ushort.MaxValue) { var s = Span(3); s[0] = 0xde; BinaryPrimitives.WriteUInt16BigEndian(s[1..], (ushort)count); }
        else { var s = Span(5); s[0] = 0xdf; BinaryPrimitives.WriteUInt32BigEndian(s[1..], (uint)count); }
    }

    /// <summary>Writes an array header announcing <paramref name="count"/> elements.</summary>
    public void WriteArrayHeader(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (count < 16) WriteByte((byte)(0x90 | count));
        else if (count <= ushort.MaxValue) { var s = Span(3); s[0] = 0xdc; BinaryPrimitives.WriteUInt16BigEndian(s[1..], (ushort)count); }
        else { var s = Span(5); s[0] = 0xdd; BinaryPrimitives.WriteUInt32BigEndian(s[1..], (uint)count); }
    }

    /// <summary>Writes nil.</summary>
    public void WriteNil() => WriteByte(0xc0);

    /// <summary>Writes a boolean.</summary>
    public void WriteBool(bool value) => WriteByte(value ? (byte)0xc3 : (byte)0xc2);

    /// <summary>Writes a UTF-8 string as old-spec raw.</summary>
    public void WriteString(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        int n = Encoding.UTF8.GetByteCount(value);
        WriteRawHeader(n);
        Encoding.UTF8.GetBytes(value, Span(n));
    }

    /// <summary>Writes bytes as old-spec raw (how go-codec encodes a Go <c>[]byte</c>, including <c>[]uint8</c>).</summary>
    public void WriteBytes(ReadOnlySpan<byte> value)
    {
        WriteRawHeader(value.Length);
        value.CopyTo(Span(value.Length));
    }

    /// <summary>Writes an unsigned integer in its smallest form.</summary>
    public void WriteUInt(ulong value)
    {
        if (value <= 0x7f) WriteByte((byte)value);
        else if (value <= byte.MaxValue) { var s = Span(2); s[0] = 0xcc; s[1] = (byte)value; }
        else if (value <= ushort.MaxValue) { var s = Span(3); s[0] = 0xcd; BinaryPrimitives.WriteUInt16BigEndian(s[1..], (ushort)value); }
        else if (value <= uint.MaxValue) { var s = Span(5); s[0] = 0xce; BinaryPrimitives.WriteUInt32BigEndian(s[1..], (uint)value); }
        else { var s = Span(9); s[0] = 0xcf; BinaryPrimitives.WriteUInt64BigEndian(s[1..], value); }
    }

    /// <summary>Writes a signed integer in its smallest signed form (go-codec's encoding of a Go <c>int</c>).</summary>
    public void WriteInt(long value)
    {
        if (value is >= 0 and <= 0x7f) WriteByte((byte)value);
        else if (value is < 0 and >= -32) WriteByte((byte)(sbyte)value);
        else if (value is >= sbyte.MinValue and <= sbyte.MaxValue) { var s = Span(2); s[0] = 0xd0; s[1] = (byte)(sbyte)value; }
        else if (value is >= short.MinValue and <= short.MaxValue) { var s = Span(3); s[0] = 0xd1; BinaryPrimitives.WriteInt16BigEndian(s[1..], (short)value); }
        else if (value is >= int.MinValue and <= int.MaxValue) { var s = Span(5); s[0] = 0xd2; BinaryPrimitives.WriteInt32BigEndian(s[1..], (int)value); }
        else { var s = Span(9); s[0] = 0xd3; BinaryPrimitives.WriteInt64BigEndian(s[1..], value); }
    }

    /// <summary>Bytes <see cref="WriteString"/> writes for <paramref name="value"/>.</summary>
    public static int StringSize(string value) => RawSize(Encoding.UTF8.GetByteCount(value));

    /// <summary>Bytes <see cref="WriteBytes"/> writes for <paramref name="length"/> bytes.</summary>
    public static int RawSize(int length) => length + (length < 32 ? 1 : length <= ushort.MaxValue ? 3 : 5);

    /// <summary>Bytes <see cref="WriteUInt"/> writes for <paramref name="value"/>.</summary>
    public static int UIntSize(ulong value) =>
        value <= 0x7f ? 1 : value <= byte.MaxValue ? 2 : value <= ushort.MaxValue ? 3 : value <= uint.MaxValue ? 5 : 9;

    /// <summary>Bytes <see cref="WriteInt"/> writes for <paramref name="value"/>.</summary>
    public static int IntSize(long value) => value switch
    {
        >= -32 and <= 0x7f => 1,
        >= sbyte.MinValue and <= sbyte.MaxValue => 2,
        >= short.MinValue and <= short.MaxValue => 3,
        >= int.MinValue and <= int.MaxValue => 5,
        _ => 9,
    };

    /// <summary>Bytes <see cref="WriteMapHeader"/> writes for <paramref name="count"/> pairs.</summary>
    public static int MapHeaderSize(int count) => count < 16 ? 1 : count <= ushort.MaxValue ? 3 : 5;

    private void WriteRawHeader(int n)
    {
        if (n < 32) WriteByte((byte)(0xa0 | n));
        else if (n <= ushort.MaxValue) { var s = Span(3); s[0] = 0xda; BinaryPrimitives.WriteUInt16BigEndian(s[1..], (ushort)n); }
        else { var s = Span(5); s[0] = 0xdb; BinaryPrimitives.WriteUInt32BigEndian(s[1..], (uint)n); }
    }

    private Span<byte> Span(int n)
    {
        if (_length + n > _buffer.Length)
        {
            Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _length + n));
        }
        var span = _buffer.AsSpan(_length, n);
        _length += n;
        return span;
    }
}
