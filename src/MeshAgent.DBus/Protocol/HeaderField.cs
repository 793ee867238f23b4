namespace MeshAgent.DBus;

/// <summary>Header field codes of the specification and the type each must have.</summary>
internal static class HeaderField
{
    public const byte Path = 1;          // o
    public const byte Interface = 2;     // s
    public const byte Member = 3;        // s
    public const byte ErrorName = 4;     // s
    public const byte ReplySerial = 5;   // u
    public const byte Destination = 6;   // s
    public const byte Sender = 7;        // s
    public const byte Signature = 8;     // g
    public const byte UnixFds = 9;       // u

    /// <summary>The one type a known field's variant must hold; null for unknown codes (which are ignored).</summary>
    public static DBusTypeCode? ExpectedType(byte code) => code switch
    {
        Path => DBusTypeCode.ObjectPath,
        Interface or Member or ErrorName or Destination or Sender => DBusTypeCode.String,
        ReplySerial or UnixFds => DBusTypeCode.UInt32,
        Signature => DBusTypeCode.Signature,
        _ => null,
    };

    /// <summary>The header fields array type <c>a(yv)</c>.</summary>
    public static readonly DBusType FieldType = DBusType.StructOf(DBusType.Byte, DBusType.Variant);
}
