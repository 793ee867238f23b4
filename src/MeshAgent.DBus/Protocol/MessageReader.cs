using System.Buffers.Binary;

namespace MeshAgent.DBus;

/// <summary>
/// Unmarshals values from a span in either byte order, checking every length against the bytes
/// that remain before allocating, padding bytes for zero, booleans, UTF-8, names and nesting.
/// Offsets (and alignment) are relative to the span start, which must be 8-aligned in the message
/// (true for a whole message and for a body). Every failure is a <see cref="DBusFormatException"/>.
/// </summary>
public ref struct MessageReader
{
    private readonly ReadOnlySpan<byte> _data;

    /// <summary>Creates a reader.</summary>
    /// <param name="data">The bytes, starting at an 8-aligned message offset.</param>
    /// <param name="bigEndian">True for 'B' messages, false for 'l'.</param>
    public MessageReader(ReadOnlySpan<byte> data, bool bigEndian)
    {
        _data = data;
        IsBigEndian = bigEndian;
    }

    /// <summary>True when the data is big-endian.</summary>
    public bool IsBigEndian { get; }

    /// <summary>Current offset.</summary>
    public int Position { get; private set; }

    /// <summary>Bytes not read yet.</summary>
    public readonly int Remaining => _data.Length - Position;

    /// <summary>Skips padding to <paramref name="alignment"/>; the padding must be zero bytes.</summary>
    public void Align(int alignment)
    {
        var pad = (alignment - (Position % alignment)) % alignment;
        if (pad == 0)
        {
            return;
        }

        var bytes = Take(pad);
        if (bytes.ContainsAnyExcept((byte)0))
        {
            throw new DBusFormatException(DBusFormatError.NonZeroPadding, $"Non-zero padding at offset {Position - pad}");
        }
    }

    /// <summary>Reads a BYTE.</summary>
    public byte ReadByte() => Take(1)[0];

    /// <summary>Reads a BOOLEAN; only 0 and 1 are valid.</summary>
    public bool ReadBoolean() => ReadUInt32() switch
    {
        0 => false,
        1 => true,
        var other => throw new DBusFormatException(DBusFormatError.InvalidBoolean, $"Boolean value {other}"),
    };

    /// <summary>Reads an INT16.</summary>
    public short ReadInt16() => IsBigEndian ? BinaryPrimitives.ReadInt16BigEndian(Aligned(2)) : BinaryPrimitives.ReadInt16LittleEndian(Aligned(2));

    /// <summary>Reads a UINT16.</summary>
    public ushort ReadUInt16() => IsBigEndian ? BinaryPrimitives.ReadUInt16BigEndian(Aligned(2)) : BinaryPrimitives.ReadUInt16LittleEndian(Aligned(2));

    /// <summary>Reads an INT32.</summary>
    public int ReadInt32() => IsBigEndian ? BinaryPrimitives.ReadInt32BigEndian(Aligned(4)) : BinaryPrimitives.ReadInt32LittleEndian(Aligned(4));

    /// <summary>Reads a UINT32 (also UNIX_FD indexes).</summary>
    public uint ReadUInt32() => IsBigEndian ? BinaryPrimitives.ReadUInt32BigEndian(Aligned(4)) : BinaryPrimitives.ReadUInt32LittleEndian(Aligned(4));

    /// <summary>Reads an INT64.</summary>
    public long ReadInt64() => IsBigEndian ? BinaryPrimitives.ReadInt64BigEndian(Aligned(8)) : BinaryPrimitives.ReadInt64LittleEndian(Aligned(8));

    /// <summary>Reads a UINT64.</summary>
    public ulong ReadUInt64() => IsBigEndian ? BinaryPrimitives.ReadUInt64BigEndian(Aligned(8)) : BinaryPrimitives.ReadUInt64LittleEndian(Aligned(8));

    /// <summary>Reads a DOUBLE.</summary>
    public double ReadDouble() => IsBigEndian ? BinaryPrimitives.ReadDoubleBigEndian(Aligned(8)) : BinaryPrimitives.ReadDoubleLittleEndian(Aligned(8));

    /// <summary>Reads a STRING (valid UTF-8, no inner NUL, NUL-terminated).</summary>
    public string ReadString()
    {
        var length = ReadUInt32();
        if (length >= (uint)Remaining)
        {
            throw Truncated($"string of {length} bytes");
        }

        var bytes = Take((int)length + 1);
        if (bytes[^1] != 0)
        {
            throw new DBusFormatException(DBusFormatError.InvalidString, "String not NUL-terminated");
        }

        return StringCodec.Decode(bytes[..^1]);
    }

    /// <summary>Reads an OBJECT_PATH and validates it.</summary>
    public DBusObjectPath ReadObjectPath()
    {
        var text = ReadString();
        if (!DBusNames.IsValidObjectPath(text))
        {
            throw new DBusFormatException(DBusFormatError.InvalidObjectPath, $"Invalid object path '{DBusNames.Sanitize(text)}'");
        }

        return new DBusObjectPath(text);
    }

    /// <summary>Reads a SIGNATURE (as text) and validates it.</summary>
    public string ReadSignature()
    {
        var length = ReadByte();
        if (length >= Remaining)
        {
            throw Truncated($"signature of {length} bytes");
        }

        var bytes = Take(length + 1);
        if (bytes[^1] != 0)
        {
            throw new DBusFormatException(DBusFormatError.InvalidSignature, "Signature not NUL-terminated");
        }

        var text = string.Create(length, bytes, static (span, b) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = (char)b[i];
            }
        });
        SignatureParser.Parse(text);
        return text;
    }

    /// <summary>
    /// Reads an array's length and the padding to its element alignment; returns the offset where
    /// its contents end. Loop while <see cref="Position"/> is below it.
    /// </summary>
    /// <exception cref="DBusFormatException">Length above 64 MiB or beyond the data.</exception>
    public int ReadArrayStart(DBusType elementType)
    {
        ArgumentNullException.ThrowIfNull(elementType);
        var length = ReadUInt32();
        if (length > DBusLimits.MaxArrayLength)
        {
            throw new DBusFormatException(DBusFormatError.LimitExceeded, $"Array length {length} exceeds {DBusLimits.MaxArrayLength}");
        }

        Align(elementType.Alignment);
        if (length > (uint)Remaining)
        {
            throw Truncated($"array of {length} bytes");
        }

        return Position + (int)length;
    }

    /// <summary>Skips to the 8-byte boundary of a struct or dict entry.</summary>
    public void ReadStructStart() => Align(8);

    /// <summary>Reads a VARIANT (its signature must be one complete type).</summary>
    public DBusValue ReadVariant() => ReadVariant(0);

    /// <summary>Reads one value of the given type.</summary>
    public DBusValue ReadValue(DBusType type) => ReadValue(type, 0);

    /// <summary>Reads one value per type of <paramref name="signature"/> (a whole body).</summary>
    public List<DBusValue> ReadValues(string signature)
    {
        var values = new List<DBusValue>();
        foreach (var type in SignatureParser.Parse(signature))
        {
            values.Add(ReadValue(type, 0));
        }

        return values;
    }

    private DBusValue ReadVariant(int depth)
    {
        if (depth + 1 > DBusLimits.MaxTotalDepth)
        {
            throw new DBusFormatException(DBusFormatError.NestingTooDeep, "Variants nest deeper than 64 containers");
        }

        var signature = ReadSignature();
        var types = SignatureParser.Parse(signature);
        if (types.Count != 1)
        {
            throw new DBusFormatException(DBusFormatError.InvalidSignature, "Variant signature is not a single complete type");
        }

        return DBusValue.CreateUnchecked(DBusType.Variant, ReadValue(types[0], depth + 1));
    }

    private DBusValue ReadValue(DBusType type, int depth)
    {
        switch (type.Code)
        {
            case DBusTypeCode.Byte: return DBusValue.Byte(ReadByte());
            case DBusTypeCode.Boolean: return DBusValue.Boolean(ReadBoolean());
            case DBusTypeCode.Int16: return DBusValue.Int16(ReadInt16());
            case DBusTypeCode.UInt16: return DBusValue.UInt16(ReadUInt16());
            case DBusTypeCode.Int32: return DBusValue.Int32(ReadInt32());
            case DBusTypeCode.UInt32: return DBusValue.UInt32(ReadUInt32());
            case DBusTypeCode.Int64: return DBusValue.Int64(ReadInt64());
            case DBusTypeCode.UInt64: return DBusValue.UInt64(ReadUInt64());
            case DBusTypeCode.Double: return DBusValue.Double(ReadDouble());
            case DBusTypeCode.UnixFd: return DBusValue.UnixFd(ReadUInt32());
            case DBusTypeCode.String: return DBusValue.CreateUnchecked(DBusType.String, ReadString());
            case DBusTypeCode.ObjectPath: return DBusValue.CreateUnchecked(DBusType.ObjectPath, ReadObjectPath().Value);
            case DBusTypeCode.Signature: return DBusValue.CreateUnchecked(DBusType.TypeSignature, ReadSignature());
            case DBusTypeCode.Variant: return ReadVariant(depth);
            case DBusTypeCode.Struct or DBusTypeCode.DictEntry:
            {
                CheckDepth(depth);
                ReadStructStart();
                var fields = new DBusValue[type.Fields.Count];
                for (var i = 0; i < fields.Length; i++)
                {
                    fields[i] = ReadValue(type.Fields[i], depth + 1);
                }

                return DBusValue.CreateUnchecked(type, fields);
            }

            case DBusTypeCode.Array:
            {
                CheckDepth(depth);
                var element = type.Element!;
                var end = ReadArrayStart(element);
                if (element.Code == DBusTypeCode.Byte)
                {
                    return DBusValue.CreateUnchecked(type, Take(end - Position).ToArray());
                }

                // No pre-sizing from the length field: the list grows with what was actually read,
                // and every element consumes at least one byte.
                var items = new List<DBusValue>();
                while (Position < end)
                {
                    items.Add(ReadValue(element, depth + 1));
                }

                if (Position != end)
                {
                    throw new DBusFormatException(DBusFormatError.LengthMismatch, "Array contents overrun the array length");
                }

                return DBusValue.CreateUnchecked(type, items.ToArray());
            }

            default:
                throw new DBusFormatException(DBusFormatError.InvalidSignature, $"Unknown type '{type.Signature}'");
        }
    }

    private static void CheckDepth(int depth)
    {
        if (depth + 1 > DBusLimits.MaxTotalDepth)
        {
            throw new DBusFormatException(DBusFormatError.NestingTooDeep, "Containers nest deeper than 64");
        }
    }

    private ReadOnlySpan<byte> Aligned(int size)
    {
        Align(size);
        return Take(size);
    }

    private ReadOnlySpan<byte> Take(int count)
    {
        if (count > Remaining)
        {
            throw Truncated($"{count} bytes");
        }

        var span = _data.Slice(Position, count);
        Position += count;
        return span;
    }

    private readonly DBusFormatException Truncated(string what) =>
        new(DBusFormatError.Truncated, $"Data ends at {_data.Length} before {what} at offset {Position}");
}
