using System.Buffers.Binary;

namespace MeshAgent.DBus;

/// <summary>
/// Frames and unmarshals messages from untrusted bytes. Every violation is a
/// <see cref="DBusFormatException"/>; lengths are checked against the limits before anything is
/// allocated. Thread-safe (stateless).
/// </summary>
public static class MessageDecoder
{
    /// <summary>Bytes of the fixed header plus the header fields array length.</summary>
    public const int FixedHeaderLength = 16;

    /// <summary>
    /// Computes the total length of the message that starts with <paramref name="start"/> (at least
    /// <see cref="FixedHeaderLength"/> bytes), validating byte order, version and the 128 MiB limit.
    /// </summary>
    /// <returns>False when fewer than 16 bytes are available.</returns>
    /// <exception cref="DBusFormatException">Invalid fixed header or a message above the limit.</exception>
    public static bool TryGetMessageLength(ReadOnlySpan<byte> start, out int totalLength)
    {
        totalLength = 0;
        if (start.Length < FixedHeaderLength)
        {
            return false;
        }

        var bigEndian = start[0] switch
        {
            (byte)'l' => false,
            (byte)'B' => true,
            _ => throw new DBusFormatException(DBusFormatError.InvalidHeader, $"Unknown byte order 0x{start[0]:x2}"),
        };
        if (start[3] != 1)
        {
            throw new DBusFormatException(DBusFormatError.InvalidHeader, $"Unsupported protocol version {start[3]}");
        }

        var bodyLength = bigEndian ? BinaryPrimitives.ReadUInt32BigEndian(start[4..]) : BinaryPrimitives.ReadUInt32LittleEndian(start[4..]);
        var fieldsLength = bigEndian ? BinaryPrimitives.ReadUInt32BigEndian(start[12..]) : BinaryPrimitives.ReadUInt32LittleEndian(start[12..]);
        if (fieldsLength > DBusLimits.MaxArrayLength)
        {
            throw new DBusFormatException(DBusFormatError.LimitExceeded, $"Header fields of {fieldsLength} bytes exceed {DBusLimits.MaxArrayLength}");
        }

        var headerLength = (FixedHeaderLength + (long)fieldsLength + 7) & ~7L;
        var total = headerLength + bodyLength;
        if (total > DBusLimits.MaxMessageLength)
        {
            throw new DBusFormatException(DBusFormatError.LimitExceeded, $"Message of {total} bytes exceeds {DBusLimits.MaxMessageLength}");
        }

        totalLength = (int)total;
        return true;
    }

    /// <summary>
    /// Decodes exactly one whole message (as framed by <see cref="TryGetMessageLength"/>), validates
    /// the header fields and the body against its signature, and copies the body.
    /// </summary>
    /// <exception cref="DBusFormatException">Anything malformed.</exception>
    public static DBusMessage Decode(ReadOnlySpan<byte> data)
    {
        if (!TryGetMessageLength(data, out var total) || total > data.Length)
        {
            throw new DBusFormatException(DBusFormatError.Truncated, $"Message of {data.Length} bytes is shorter than its header says");
        }

        if (total != data.Length)
        {
            throw new DBusFormatException(DBusFormatError.LengthMismatch, $"{data.Length - total} bytes follow the message");
        }

        var bigEndian = data[0] == (byte)'B';
        var type = (MessageType)data[1];
        if (type == MessageType.Invalid)
        {
            throw new DBusFormatException(DBusFormatError.InvalidHeader, "Message type 0 is invalid");
        }

        var reader = new MessageReader(data, bigEndian);
        reader.ReadByte();
        reader.ReadByte();
        var flags = (MessageFlags)reader.ReadByte();
        reader.ReadByte();
        var bodyLength = reader.ReadUInt32();
        var serial = reader.ReadUInt32();
        if (serial == 0)
        {
            throw new DBusFormatException(DBusFormatError.InvalidHeader, "Serial is zero");
        }

        var fields = ReadFields(ref reader);
        reader.Align(8);
        if (reader.Remaining != bodyLength)
        {
            throw new DBusFormatException(DBusFormatError.LengthMismatch, "Body length does not match the header");
        }

        CheckRequiredFields(type, fields.Path is not null, fields.Interface is not null, fields.Member is not null,
            fields.ErrorName is not null, fields.ReplySerial is not null);
        if (fields.Signature is null && bodyLength > 0)
        {
            throw new DBusFormatException(DBusFormatError.InvalidHeader, "Body without SIGNATURE field");
        }

        var message = new DBusMessage
        {
            Type = type,
            Flags = flags,
            Serial = serial,
            Path = fields.Path,
            Interface = fields.Interface,
            Member = fields.Member,
            ErrorName = fields.ErrorName,
            ReplySerial = fields.ReplySerial,
            Destination = fields.Destination,
            Sender = fields.Sender,
            Signature = fields.Signature ?? "",
            UnixFds = fields.UnixFds,
            IsBigEndian = bigEndian,
            Body = data[reader.Position..].ToArray(),
        };

        // Validate the body now so a malformed message is rejected at the connection, not later
        // in some consumer; the decoded values are cached on the message.
        _ = message.Arguments;
        return message;
    }

    internal static void CheckRequiredFields(MessageType type, bool path, bool iface, bool member, bool errorName, bool replySerial)
    {
        var ok = type switch
        {
            MessageType.MethodCall => path && member,
            MessageType.Signal => path && iface && member,
            MessageType.Error => errorName && replySerial,
            MessageType.MethodReturn => replySerial,
            _ => true, // unknown types must be ignored by receivers, not rejected
        };
        if (!ok)
        {
            throw new DBusFormatException(DBusFormatError.InvalidHeader, $"{type} lacks a required header field");
        }
    }

    private static HeaderFields ReadFields(ref MessageReader reader)
    {
        var result = new HeaderFields();
        var seen = 0;
        var end = reader.ReadArrayStart(HeaderField.FieldType);
        while (reader.Position < end)
        {
            reader.ReadStructStart();
            var code = reader.ReadByte();
            var value = reader.ReadVariant().AsVariant();
            if (reader.Position > end)
            {
                throw new DBusFormatException(DBusFormatError.LengthMismatch, "Header field overruns the fields array");
            }

            var expected = HeaderField.ExpectedType(code);
            if (expected is null)
            {
                continue;
            }

            if (value.Type.Code != expected)
            {
                throw new DBusFormatException(DBusFormatError.InvalidHeader, $"Header field {code} has type '{value.Signature}'");
            }

            if ((seen & (1 << code)) != 0)
            {
                throw new DBusFormatException(DBusFormatError.InvalidHeader, $"Header field {code} appears twice");
            }

            seen |= 1 << code;
            switch (code)
            {
                case HeaderField.Path: result.Path = value.AsObjectPath(); break;
                case HeaderField.Interface: result.Interface = Checked(value.AsString(), DBusNames.IsValidInterfaceName, "interface"); break;
                case HeaderField.Member: result.Member = Checked(value.AsString(), DBusNames.IsValidMemberName, "member"); break;
                case HeaderField.ErrorName: result.ErrorName = Checked(value.AsString(), DBusNames.IsValidErrorName, "error"); break;
                case HeaderField.ReplySerial: result.ReplySerial = value.AsUInt32(); break;
                case HeaderField.Destination: result.Destination = Checked(value.AsString(), DBusNames.IsValidBusName, "destination"); break;
                case HeaderField.Sender: result.Sender = Checked(value.AsString(), DBusNames.IsValidBusName, "sender"); break;
                case HeaderField.Signature: result.Signature = value.AsString(); break;
                case HeaderField.UnixFds: result.UnixFds = value.AsUInt32(); break;
            }
        }

        return result;
    }

    private static string Checked(string value, NameCheck isValid, string what) => isValid(value)
        ? value
        : throw new DBusFormatException(DBusFormatError.InvalidName, $"Invalid {what} name '{DBusNames.Sanitize(value)}'");

    private delegate bool NameCheck(ReadOnlySpan<char> name);

    private sealed class HeaderFields
    {
        public DBusObjectPath? Path;
        public string? Interface;
        public string? Member;
        public string? ErrorName;
        public uint? ReplySerial;
        public string? Destination;
        public string? Sender;
        public string? Signature;
        public uint? UnixFds;
    }
}
