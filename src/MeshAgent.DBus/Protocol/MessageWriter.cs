using System.Buffers.Binary;

namespace MeshAgent.DBus;

/// <summary>
/// Marshals values little-endian into a growing buffer, padding each value to its alignment
/// relative to the start of the buffer (write a body with a fresh writer: bodies start 8-aligned).
/// Not thread-safe.
/// </summary>
public sealed class MessageWriter
{
    private byte[] _buffer;

    /// <summary>Creates a writer with an initial capacity in bytes.</summary>
    public MessageWriter(int initialCapacity = 256)
    {
        _buffer = new byte[Math.Max(16, initialCapacity)];
    }

    /// <summary>Bytes written so far.</summary>
    public int Length { get; private set; }

    /// <summary>The bytes written so far (valid until the next write).</summary>
    public ReadOnlySpan<byte> WrittenSpan => _buffer.AsSpan(0, Length);

    /// <summary>A copy of the bytes written.</summary>
    public byte[] ToArray() => WrittenSpan.ToArray();

    /// <summary>Writes zero bytes up to a multiple of <paramref name="alignment"/> (1, 2, 4 or 8).</summary>
    public void Align(int alignment)
    {
        var pad = (alignment - (Length % alignment)) % alignment;
        Reserve(pad).Clear();
    }

    /// <summary>Writes a BYTE.</summary>
    public void WriteByte(byte value) => Reserve(1)[0] = value;

    /// <summary>Writes a BOOLEAN (UINT32 0 or 1).</summary>
    public void WriteBoolean(bool value) => WriteUInt32(value ? 1u : 0u);

    /// <summary>Writes an INT16.</summary>
    public void WriteInt16(short value) => BinaryPrimitives.WriteInt16LittleEndian(Aligned(2), value);

    /// <summary>Writes a UINT16.</summary>
    public void WriteUInt16(ushort value) => BinaryPrimitives.WriteUInt16LittleEndian(Aligned(2), value);

    /// <summary>Writes an INT32.</summary>
    public void WriteInt32(int value) => BinaryPrimitives.WriteInt32LittleEndian(Aligned(4), value);

    /// <summary>Writes a UINT32 (also used for UNIX_FD indexes).</summary>
    public void WriteUInt32(uint value) => BinaryPrimitives.WriteUInt32LittleEndian(Aligned(4), value);

    /// <summary>Writes an INT64.</summary>
    public void WriteInt64(long value) => BinaryPrimitives.WriteInt64LittleEndian(Aligned(8), value);

    /// <summary>Writes a UINT64.</summary>
    public void WriteUInt64(ulong value) => BinaryPrimitives.WriteUInt64LittleEndian(Aligned(8), value);

    /// <summary>Writes a DOUBLE.</summary>
    public void WriteDouble(double value) => BinaryPrimitives.WriteDoubleLittleEndian(Aligned(8), value);

    /// <summary>Writes a STRING: UINT32 byte length, UTF-8 bytes, NUL.</summary>
    /// <exception cref="DBusFormatException">NUL inside or invalid Unicode.</exception>
    public void WriteString(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        StringCodec.Validate(value);
        var bytes = StringCodec.Encode(value);
        WriteUInt32((uint)bytes.Length);
        var span = Reserve(bytes.Length + 1);
        bytes.CopyTo(span);
        span[^1] = 0;
    }

    /// <summary>Writes an OBJECT_PATH.</summary>
    public void WriteObjectPath(DBusObjectPath value) => WriteString(value.Value);

    /// <summary>Writes a SIGNATURE: BYTE length, ASCII, NUL.</summary>
    /// <exception cref="DBusFormatException">Invalid signature.</exception>
    public void WriteSignature(string signature)
    {
        SignatureParser.Parse(signature);
        WriteByte((byte)signature.Length);
        var span = Reserve(signature.Length + 1);
        for (var i = 0; i < signature.Length; i++)
        {
            span[i] = (byte)signature[i];
        }

        span[^1] = 0;
    }

    /// <summary>
    /// Starts an array: writes the length placeholder and pads to the element alignment (the
    /// padding is written even for an empty array and is not counted in the length).
    /// </summary>
    public ArrayStart BeginArray(DBusType elementType)
    {
        ArgumentNullException.ThrowIfNull(elementType);
        Align(4);
        var lengthOffset = Length;
        Reserve(4);
        Align(elementType.Alignment);
        return new ArrayStart(lengthOffset, Length);
    }

    /// <summary>Completes an array started with <see cref="BeginArray"/> by filling in its length.</summary>
    /// <exception cref="DBusFormatException">The contents exceed 64 MiB.</exception>
    public void EndArray(ArrayStart start)
    {
        var length = Length - start.ContentOffset;
        if (length > DBusLimits.MaxArrayLength)
        {
            throw new DBusFormatException(DBusFormatError.LimitExceeded, $"Array of {length} bytes exceeds {DBusLimits.MaxArrayLength}");
        }

        BinaryPrimitives.WriteUInt32LittleEndian(_buffer.AsSpan(start.LengthOffset, 4), (uint)length);
    }

    /// <summary>Starts a struct or dict entry (pads to 8); fields follow.</summary>
    public void BeginStruct() => Align(8);

    /// <summary>Writes a VARIANT: the content's signature, then the content.</summary>
    public void WriteVariant(DBusValue content)
    {
        ArgumentNullException.ThrowIfNull(content);
        WriteSignature(content.Signature);
        WriteValue(content);
    }

    /// <summary>Writes any value according to its type.</summary>
    public void WriteValue(DBusValue value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var raw = value.RawValue;
        switch (value.Type.Code)
        {
            case DBusTypeCode.Byte: WriteByte((byte)raw); break;
            case DBusTypeCode.Boolean: WriteBoolean((bool)raw); break;
            case DBusTypeCode.Int16: WriteInt16((short)raw); break;
            case DBusTypeCode.UInt16: WriteUInt16((ushort)raw); break;
            case DBusTypeCode.Int32: WriteInt32((int)raw); break;
            case DBusTypeCode.UInt32 or DBusTypeCode.UnixFd: WriteUInt32((uint)raw); break;
            case DBusTypeCode.Int64: WriteInt64((long)raw); break;
            case DBusTypeCode.UInt64: WriteUInt64((ulong)raw); break;
            case DBusTypeCode.Double: WriteDouble((double)raw); break;
            case DBusTypeCode.String or DBusTypeCode.ObjectPath: WriteString((string)raw); break;
            case DBusTypeCode.Signature: WriteSignature((string)raw); break;
            case DBusTypeCode.Variant: WriteVariant((DBusValue)raw); break;
            case DBusTypeCode.Struct or DBusTypeCode.DictEntry:
                BeginStruct();
                foreach (var field in (DBusValue[])raw)
                {
                    WriteValue(field);
                }

                break;
            case DBusTypeCode.Array:
                var start = BeginArray(value.Type.Element!);
                if (raw is byte[] bytes)
                {
                    bytes.CopyTo(Reserve(bytes.Length));
                }
                else
                {
                    foreach (var item in (DBusValue[])raw)
                    {
                        WriteValue(item);
                    }
                }

                EndArray(start);
                break;
            default:
                throw new DBusFormatException(DBusFormatError.InvalidSignature, $"Cannot write type '{value.Signature}'");
        }
    }

    /// <summary>Writes several values in order (a message body).</summary>
    public void WriteValues(IEnumerable<DBusValue> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        foreach (var v in values)
        {
            WriteValue(v);
        }
    }

    /// <summary>Overwrites four bytes at <paramref name="offset"/> with a little-endian UINT32 (for length fields).</summary>
    internal void PatchUInt32(int offset, uint value) => BinaryPrimitives.WriteUInt32LittleEndian(_buffer.AsSpan(offset, 4), value);

    private Span<byte> Aligned(int size)
    {
        Align(size);
        return Reserve(size);
    }

    private Span<byte> Reserve(int count)
    {
        var needed = (long)Length + count;
        if (needed > DBusLimits.MaxMessageLength)
        {
            throw new DBusFormatException(DBusFormatError.LimitExceeded, $"Message would exceed {DBusLimits.MaxMessageLength} bytes");
        }

        if (needed > _buffer.Length)
        {
            Array.Resize(ref _buffer, (int)Math.Min(Math.Max(needed, _buffer.Length * 2L), DBusLimits.MaxMessageLength));
        }

        var span = _buffer.AsSpan(Length, count);
        Length += count;
        return span;
    }
}

/// <summary>Where an array's length field and contents start; returned by <see cref="MessageWriter.BeginArray"/>.</summary>
/// <param name="LengthOffset">Offset of the UINT32 length.</param>
/// <param name="ContentOffset">Offset of the first element (after padding).</param>
public readonly record struct ArrayStart(int LengthOffset, int ContentOffset);
