namespace MeshAgent.DBus;

/// <summary>Marshals a <see cref="DBusMessage"/> little-endian: fixed header, header fields <c>a(yv)</c>, padding to 8, body.</summary>
public static class MessageEncoder
{
    private const byte ProtocolVersion = 1;

    /// <summary>Encodes a message; it must carry a non-zero serial and a body in little-endian order.</summary>
    /// <exception cref="DBusFormatException">Missing required field, big-endian body, or limits exceeded.</exception>
    public static byte[] Encode(DBusMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message.IsBigEndian)
        {
            throw new DBusFormatException(DBusFormatError.InvalidHeader, "Only little-endian bodies are written");
        }

        if (message.Serial == 0)
        {
            throw new DBusFormatException(DBusFormatError.InvalidHeader, "Serial must not be zero");
        }

        MessageDecoder.CheckRequiredFields(message.Type, message.Path is not null, message.Interface is not null,
            message.Member is not null, message.ErrorName is not null, message.ReplySerial is not null);

        var w = new MessageWriter(64 + message.Body.Length);
        w.WriteByte((byte)'l');
        w.WriteByte((byte)message.Type);
        w.WriteByte((byte)message.Flags);
        w.WriteByte(ProtocolVersion);
        w.WriteUInt32((uint)message.Body.Length);
        w.WriteUInt32(message.Serial);
        var fields = w.BeginArray(HeaderField.FieldType);
        if (message.Path is { } path)
        {
            Field(w, HeaderField.Path, DBusValue.ObjectPath(path));
        }

        AddString(w, HeaderField.Interface, message.Interface);
        AddString(w, HeaderField.Member, message.Member);
        AddString(w, HeaderField.ErrorName, message.ErrorName);
        if (message.ReplySerial is { } replySerial)
        {
            Field(w, HeaderField.ReplySerial, DBusValue.UInt32(replySerial));
        }

        AddString(w, HeaderField.Destination, message.Destination);
        AddString(w, HeaderField.Sender, message.Sender);
        if (message.Signature.Length > 0)
        {
            Field(w, HeaderField.Signature, DBusValue.SignatureValue(message.Signature));
        }

        if (message.UnixFds is { } fds)
        {
            Field(w, HeaderField.UnixFds, DBusValue.UInt32(fds));
        }

        w.EndArray(fields);
        w.Align(8);
        if ((long)w.Length + message.Body.Length > DBusLimits.MaxMessageLength)
        {
            throw new DBusFormatException(DBusFormatError.LimitExceeded, $"Message exceeds {DBusLimits.MaxMessageLength} bytes");
        }

        var result = new byte[w.Length + message.Body.Length];
        w.WrittenSpan.CopyTo(result);
        message.Body.Span.CopyTo(result.AsSpan(w.Length));
        return result;
    }

    private static void AddString(MessageWriter w, byte code, string? value)
    {
        if (value is not null)
        {
            Field(w, code, DBusValue.String(value));
        }
    }

    private static void Field(MessageWriter w, byte code, DBusValue value)
    {
        w.BeginStruct();
        w.WriteByte(code);
        w.WriteVariant(value);
    }
}
