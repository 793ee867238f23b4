namespace MeshAgent.DBus.Tests.Codec;

/// <summary>Builds message bytes field by field, so tests can write what the encoder refuses to.</summary>
internal static class RawMessage
{
    public static byte[] Build(byte type, IEnumerable<(byte Code, DBusValue Value)> fields, byte[]? body = null, uint serial = 1,
        byte order = (byte)'l', byte version = 1)
    {
        body ??= [];
        var w = new MessageWriter();
        w.WriteByte(order);
        w.WriteByte(type);
        w.WriteByte(0);
        w.WriteByte(version);
        w.WriteUInt32((uint)body.Length);
        w.WriteUInt32(serial);
        var start = w.BeginArray(DBusType.Parse("(yv)"));
        foreach (var (code, value) in fields)
        {
            w.BeginStruct();
            w.WriteByte(code);
            w.WriteVariant(value);
        }

        w.EndArray(start);
        w.Align(8);
        return [.. w.WrittenSpan, .. body];
    }

    /// <summary>A valid signal header (path, interface, member) plus a body of the given signature.</summary>
    public static byte[] Signal(string signature, byte[] body) => Build(4,
        [(1, DBusValue.ObjectPath("/a")), (2, DBusValue.String("com.example.I")), (3, DBusValue.String("M")),
         .. signature.Length > 0 ? new[] { ((byte)8, DBusValue.SignatureValue(signature)) } : []], body);

    public static byte[] Body(Action<MessageWriter> write)
    {
        var w = new MessageWriter();
        write(w);
        return w.ToArray();
    }
}
