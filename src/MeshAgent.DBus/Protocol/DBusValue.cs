using System.Collections.ObjectModel;

namespace MeshAgent.DBus;

/// <summary>
/// A dynamically typed D-Bus value: a basic value, an array, a struct, a dict entry or a variant,
/// together with its <see cref="DBusType"/>. Immutable and thread-safe. Arrays of bytes (<c>ay</c>)
/// are kept as a byte array. Equality is structural.
/// </summary>
public sealed partial class DBusValue : IEquatable<DBusValue>
{
    // byte/bool/short/ushort/int/uint/long/ulong/double (boxed) for fixed types, string for s/o/g,
    // byte[] for ay, DBusValue[] for other arrays, struct fields and dict entries [key, value],
    // DBusValue for a variant's content.
    private readonly object _value;

    private DBusValue(DBusType type, object value)
    {
        Type = type;
        _value = value;
    }

    /// <summary>The value's type.</summary>
    public DBusType Type { get; }

    /// <summary>Shortcut for <c>Type.Signature</c>.</summary>
    public string Signature => Type.Signature;

    /// <summary>A BYTE.</summary>
    public static DBusValue Byte(byte value) => new(DBusType.Byte, value);
    /// <summary>A BOOLEAN.</summary>
    public static DBusValue Boolean(bool value) => new(DBusType.Boolean, value);
    /// <summary>An INT16.</summary>
    public static DBusValue Int16(short value) => new(DBusType.Int16, value);
    /// <summary>A UINT16.</summary>
    public static DBusValue UInt16(ushort value) => new(DBusType.UInt16, value);
    /// <summary>An INT32.</summary>
    public static DBusValue Int32(int value) => new(DBusType.Int32, value);
    /// <summary>A UINT32.</summary>
    public static DBusValue UInt32(uint value) => new(DBusType.UInt32, value);
    /// <summary>An INT64.</summary>
    public static DBusValue Int64(long value) => new(DBusType.Int64, value);
    /// <summary>A UINT64.</summary>
    public static DBusValue UInt64(ulong value) => new(DBusType.UInt64, value);
    /// <summary>A DOUBLE.</summary>
    public static DBusValue Double(double value) => new(DBusType.Double, value);
    /// <summary>A UNIX_FD: the index into the message's fd array (this library passes no fds).</summary>
    public static DBusValue UnixFd(uint index) => new(DBusType.UnixFd, index);

    /// <summary>A STRING.</summary>
    /// <exception cref="DBusFormatException">The string contains NUL or a lone surrogate.</exception>
    public static DBusValue String(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        StringCodec.Validate(value);
        return new(DBusType.String, value);
    }

    /// <summary>An OBJECT_PATH.</summary>
    public static DBusValue ObjectPath(DBusObjectPath value) => new(DBusType.ObjectPath, value.Value);

    /// <summary>An OBJECT_PATH from text.</summary>
    /// <exception cref="DBusFormatException">Invalid path.</exception>
    public static DBusValue ObjectPath(string value) => ObjectPath(new DBusObjectPath(value));

    /// <summary>A SIGNATURE value (zero or more complete types).</summary>
    /// <exception cref="DBusFormatException">Invalid signature.</exception>
    public static DBusValue SignatureValue(string value)
    {
        SignatureParser.Parse(value);
        return new(DBusType.TypeSignature, value);
    }

    /// <summary>An array of bytes (<c>ay</c>); the bytes are copied.</summary>
    public static DBusValue Bytes(ReadOnlySpan<byte> value) => new(DBusType.ArrayOf(DBusType.Byte), value.ToArray());

    /// <summary>An array whose items all have type <paramref name="elementType"/>.</summary>
    /// <exception cref="ArgumentException">An item has another type.</exception>
    public static DBusValue Array(DBusType elementType, IEnumerable<DBusValue> items)
    {
        ArgumentNullException.ThrowIfNull(elementType);
        ArgumentNullException.ThrowIfNull(items);
        var list = items.ToArray();
        foreach (var item in list)
        {
            if (!item.Type.Equals(elementType))
            {
                throw new ArgumentException($"Array item of type '{item.Signature}' in an array of '{elementType.Signature}'", nameof(items));
            }
        }

        if (elementType.Code == DBusTypeCode.Byte)
        {
            return new(DBusType.ArrayOf(elementType), list.Select(v => (byte)v._value).ToArray());
        }

        return new(DBusType.ArrayOf(elementType), list);
    }

    /// <summary>An array of strings (<c>as</c>).</summary>
    public static DBusValue StringArray(IEnumerable<string> items) => Array(DBusType.String, items.Select(String));

    /// <summary>An array of object paths (<c>ao</c>).</summary>
    public static DBusValue ObjectPathArray(IEnumerable<DBusObjectPath> items) => Array(DBusType.ObjectPath, items.Select(ObjectPath));

    /// <summary>A struct of the given fields (at least one).</summary>
    public static DBusValue Struct(params IReadOnlyList<DBusValue> fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        var copy = fields.ToArray();
        return new(DBusType.StructOf([.. copy.Select(f => f.Type)]), copy);
    }

    /// <summary>A dict entry; normally built through <see cref="Dictionary"/>.</summary>
    public static DBusValue DictEntry(DBusValue key, DBusValue value)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(value);
        return new(DBusType.DictEntryOf(key.Type, value.Type), new[] { key, value });
    }

    /// <summary>A dictionary <c>a{KV}</c> from pairs whose keys have <paramref name="keyType"/> and values <paramref name="valueType"/>.</summary>
    public static DBusValue Dictionary(DBusType keyType, DBusType valueType, IEnumerable<KeyValuePair<DBusValue, DBusValue>> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var entryType = DBusType.DictEntryOf(keyType, valueType);
        return Array(entryType, entries.Select(e => DictEntry(e.Key, e.Value)));
    }

    /// <summary>A VARIANT holding <paramref name="content"/>.</summary>
    public static DBusValue Variant(DBusValue content)
    {
        ArgumentNullException.ThrowIfNull(content);
        return new(DBusType.Variant, content);
    }

    /// <summary>An <c>a{sv}</c> property map; each value is wrapped in a variant.</summary>
    public static DBusValue PropertyMap(IEnumerable<KeyValuePair<string, DBusValue>> properties)
    {
        ArgumentNullException.ThrowIfNull(properties);
        return Dictionary(DBusType.String, DBusType.Variant,
            properties.Select(p => new KeyValuePair<DBusValue, DBusValue>(String(p.Key), Variant(p.Value))));
    }

    /// <summary>An <c>a{sa{sv}}</c> settings map (NetworkManager connection settings).</summary>
    public static DBusValue SettingsMap(IEnumerable<KeyValuePair<string, IEnumerable<KeyValuePair<string, DBusValue>>>> groups)
    {
        ArgumentNullException.ThrowIfNull(groups);
        var inner = DBusType.DictionaryOf(DBusType.String, DBusType.Variant);
        return Dictionary(DBusType.String, inner,
            groups.Select(g => new KeyValuePair<DBusValue, DBusValue>(String(g.Key), PropertyMap(g.Value))));
    }

    internal static DBusValue CreateUnchecked(DBusType type, object value) => new(type, value);

    internal object RawValue => _value;
}
