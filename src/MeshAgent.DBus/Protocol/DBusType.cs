using System.Collections.ObjectModel;
using System.Text;

namespace MeshAgent.DBus;

/// <summary>
/// One complete D-Bus type (a parsed single complete type signature). Immutable and thread-safe.
/// Basic types are shared instances (<see cref="String"/>, <see cref="UInt32"/>...).
/// </summary>
public sealed class DBusType : IEquatable<DBusType>
{
    private static readonly ReadOnlyCollection<DBusType> NoFields = new([]);

    private DBusType(DBusTypeCode code, DBusType? element, IReadOnlyList<DBusType> fields, string signature)
    {
        Code = code;
        Element = element;
        Fields = fields;
        Signature = signature;
    }

    /// <summary>y</summary>
    public static DBusType Byte { get; } = Basic(DBusTypeCode.Byte);
    /// <summary>b</summary>
    public static DBusType Boolean { get; } = Basic(DBusTypeCode.Boolean);
    /// <summary>n</summary>
    public static DBusType Int16 { get; } = Basic(DBusTypeCode.Int16);
    /// <summary>q</summary>
    public static DBusType UInt16 { get; } = Basic(DBusTypeCode.UInt16);
    /// <summary>i</summary>
    public static DBusType Int32 { get; } = Basic(DBusTypeCode.Int32);
    /// <summary>u</summary>
    public static DBusType UInt32 { get; } = Basic(DBusTypeCode.UInt32);
    /// <summary>x</summary>
    public static DBusType Int64 { get; } = Basic(DBusTypeCode.Int64);
    /// <summary>t</summary>
    public static DBusType UInt64 { get; } = Basic(DBusTypeCode.UInt64);
    /// <summary>d</summary>
    public static DBusType Double { get; } = Basic(DBusTypeCode.Double);
    /// <summary>h</summary>
    public static DBusType UnixFd { get; } = Basic(DBusTypeCode.UnixFd);
    /// <summary>s</summary>
    public static DBusType String { get; } = Basic(DBusTypeCode.String);
    /// <summary>o</summary>
    public static DBusType ObjectPath { get; } = Basic(DBusTypeCode.ObjectPath);
    /// <summary>g</summary>
    public static DBusType TypeSignature { get; } = Basic(DBusTypeCode.Signature);
    /// <summary>v</summary>
    public static DBusType Variant { get; } = Basic(DBusTypeCode.Variant);

    /// <summary>The type code (for containers: 'a', '(' or '{').</summary>
    public DBusTypeCode Code { get; }

    /// <summary>The element type of an array; null otherwise.</summary>
    public DBusType? Element { get; }

    /// <summary>The field types of a struct, or key and value of a dict entry; empty otherwise.</summary>
    public IReadOnlyList<DBusType> Fields { get; }

    /// <summary>The signature text of this type, e.g. <c>a{sv}</c>.</summary>
    public string Signature { get; }

    /// <summary>True for the fixed and string-like types that may be dict keys (everything but a, (, {, v).</summary>
    public bool IsBasic => Code is not (DBusTypeCode.Array or DBusTypeCode.Struct or DBusTypeCode.DictEntry or DBusTypeCode.Variant);

    /// <summary>Alignment in bytes of this type's marshalled form, relative to the message start.</summary>
    public int Alignment => AlignmentOf(Code);

    /// <summary>Returns the basic type for a basic type code.</summary>
    /// <exception cref="DBusFormatException">The code is not a basic type or variant.</exception>
    public static DBusType FromCode(DBusTypeCode code) => code switch
    {
        DBusTypeCode.Byte => Byte,
        DBusTypeCode.Boolean => Boolean,
        DBusTypeCode.Int16 => Int16,
        DBusTypeCode.UInt16 => UInt16,
        DBusTypeCode.Int32 => Int32,
        DBusTypeCode.UInt32 => UInt32,
        DBusTypeCode.Int64 => Int64,
        DBusTypeCode.UInt64 => UInt64,
        DBusTypeCode.Double => Double,
        DBusTypeCode.UnixFd => UnixFd,
        DBusTypeCode.String => String,
        DBusTypeCode.ObjectPath => ObjectPath,
        DBusTypeCode.Signature => TypeSignature,
        DBusTypeCode.Variant => Variant,
        _ => throw new DBusFormatException(DBusFormatError.InvalidSignature, $"'{(char)code}' is not a basic type code"),
    };

    /// <summary>Creates an array type.</summary>
    public static DBusType ArrayOf(DBusType element)
    {
        ArgumentNullException.ThrowIfNull(element);
        return new DBusType(DBusTypeCode.Array, element, NoFields, "a" + element.Signature);
    }

    /// <summary>Creates a struct type with at least one field.</summary>
    /// <exception cref="ArgumentException">No fields.</exception>
    public static DBusType StructOf(params IReadOnlyList<DBusType> fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        if (fields.Count == 0)
        {
            throw new ArgumentException("A D-Bus struct needs at least one field.", nameof(fields));
        }

        var text = new StringBuilder("(");
        foreach (var f in fields)
        {
            text.Append(f.Signature);
        }

        return new DBusType(DBusTypeCode.Struct, null, new ReadOnlyCollection<DBusType>([.. fields]), text.Append(')').ToString());
    }

    /// <summary>Creates a dict entry type; valid only as the element of an array.</summary>
    /// <exception cref="ArgumentException">The key is not a basic type.</exception>
    public static DBusType DictEntryOf(DBusType key, DBusType value)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(value);
        if (!key.IsBasic)
        {
            throw new ArgumentException("A dict entry key must be a basic type.", nameof(key));
        }

        return new DBusType(DBusTypeCode.DictEntry, null, new ReadOnlyCollection<DBusType>([key, value]), $"{{{key.Signature}{value.Signature}}}");
    }

    /// <summary>Creates <c>a{KV}</c>.</summary>
    public static DBusType DictionaryOf(DBusType key, DBusType value) => ArrayOf(DictEntryOf(key, value));

    /// <summary>Parses a signature that holds exactly one complete type.</summary>
    /// <exception cref="DBusFormatException">Invalid signature or not exactly one complete type.</exception>
    public static DBusType Parse(string signature)
    {
        var types = SignatureParser.Parse(signature);
        if (types.Count != 1)
        {
            throw new DBusFormatException(DBusFormatError.InvalidSignature, $"Signature '{signature}' is not a single complete type");
        }

        return types[0];
    }

    /// <summary>The alignment of a type code's marshalled form (1, 2, 4 or 8).</summary>
    public static int AlignmentOf(DBusTypeCode code) => code switch
    {
        DBusTypeCode.Byte or DBusTypeCode.Signature or DBusTypeCode.Variant => 1,
        DBusTypeCode.Int16 or DBusTypeCode.UInt16 => 2,
        DBusTypeCode.Int64 or DBusTypeCode.UInt64 or DBusTypeCode.Double or DBusTypeCode.Struct or DBusTypeCode.DictEntry => 8,
        _ => 4,
    };

    /// <inheritdoc />
    public bool Equals(DBusType? other) => other is not null && string.Equals(Signature, other.Signature, StringComparison.Ordinal);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as DBusType);

    /// <inheritdoc />
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Signature);

    /// <summary>The signature text.</summary>
    public override string ToString() => Signature;

    internal static DBusType CreateParsed(DBusTypeCode code, DBusType? element, List<DBusType>? fields, string signature) =>
        new(code, element, fields is null ? NoFields : new ReadOnlyCollection<DBusType>(fields), signature);

    private static DBusType Basic(DBusTypeCode code) => new(code, null, NoFields, ((char)code).ToString());
}
