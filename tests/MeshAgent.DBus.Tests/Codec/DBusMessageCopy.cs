namespace MeshAgent.DBus.Tests.Codec;

internal static class DBusMessageCopy
{
    /// <summary>The same message with its body re-marshalled little-endian (the encoder writes only that order).</summary>
    public static DBusMessage LittleEndian(DBusMessage m)
    {
        var writer = new MessageWriter();
        writer.WriteValues(m.Arguments);
        return new DBusMessage
        {
            Type = m.Type, Flags = m.Flags, Serial = m.Serial, Path = m.Path, Interface = m.Interface, Member = m.Member,
            ErrorName = m.ErrorName, ReplySerial = m.ReplySerial, Destination = m.Destination, Sender = m.Sender,
            Signature = m.Signature, UnixFds = m.UnixFds, Body = writer.ToArray(),
        };
    }
}
