using System.Collections.ObjectModel;

namespace MeshAgent.DBus;

public sealed partial class DBusValue
{
    /// <summary>The BYTE value.</summary>
    /// <exception cref="DBusTypeMismatchException">Another type.</exception>
    public byte AsByte() => Fixed<byte>(DBusTypeCode.Byte);
    /// <summary>The BOOLEAN value.</summary>
    /// <exception cref="DBusTypeMismatchException">Another type.</exception>
    public bool AsBoolean() => Fixed<bool>(DBusTypeCode.Boolean);
    /// <summary>The INT16 value.</summary>
    /// <exception cref="DBusTypeMismatchException">Another type.</exception>
    public short AsInt16() => Fixed<short>(DBusTypeCode.Int16);
    /// <summary>The UINT16 value.</summary>
    /// <exception cref="DBusTypeMismatchException">Another type.</exception>
    public ushort AsUInt16() => Fixed<ushort>(DBusTypeCode.UInt16);
    /// <summary>The INT32 value.</summary>
    /// <exception cref="DBusTypeMismatchException">Another type.</exception>
    public int AsInt32() => Fixed<int>(DBusTypeCode.Int32);
    /// <summary>The UINT32 value.</summary>
    /// <exception cref="DBusTypeMismatchException">Another type.</exception>
    public uint AsUInt32() => Fixed<uint>(DBusTypeCode.UInt32);
    /// <summary>The INT64 value.</summary>
    /// <exception cref="DBusTypeMismatchException">Another type.</exception>
    public long AsInt64() => Fixed<long>(DBusTypeCode.Int64);
    /// <summary>The UINT64 value.</summary>
    /// <exception cref="DBusTypeMismatchException">Another type.</exception>
    public ulong AsUInt64() => Fixed<ulong>(DBusTypeCode.UInt64);
    /// <summary>The DOUBLE value.</summary>
    /// <exception cref="DBusTypeMismatchException">Another type.</exception>
    public double AsDouble() => Fixed<double>(DBusTypeCode.Double);
    /// <summary>The UNIX_FD index.</summary>
    /// <exception cref="DBusTypeMismatchException">Another type.</exception>
    public uint AsUnixFdIndex() => Fixed<uint>(DBusTypeCode.UnixFd);

    /// <summary>The text of a STRING, OBJECT_PATH or SIGNATURE.</summary>
    /// <exception cref="DBusTypeMismatchException">Another type.</exception>
    public string AsString() => Type.Code is DBusTypeCode.String or DBusTypeCode.ObjectPath or DBusTypeCode.Signature
        ? (string)_value
        : throw new DBusTypeMismatchException("s", Signature);

    /// <summary>The OBJECT_PATH value.</summary>
    /// <exception cref="DBusTypeMismatchException">Another type.</exception>
    public DBusObjectPath AsObjectPath() => Type.Code == DBusTypeCode.ObjectPath
        ? new DBusObjectPath((string)_value)
        : throw new DBusTypeMismatchException("o", Signature);

    /// <summary>The content of a VARIANT.</summary>
    /// <exception cref="DBusTypeMismatchException">Another type.</exception>
    public DBusValue AsVariant() => _value is DBusValue inner && Type.Code == DBusTypeCode.Variant
        ? inner
        : throw new DBusTypeMismatchException("v", Signature);

    /// <summary>This value, or the content of the variant(s) it is wrapped in.</summary>
    public DBusValue Unwrap()
    {
        var v = this;
        while (v.Type.Code == DBusTypeCode.Variant)
        {
            v = (DBusValue)v._value;
        }

        return v;
    }

    /// <summary>The bytes of an <c>ay</c> (a copy).</summary>
    /// <exception cref="DBusTypeMismatchException">Another type.</exception>
    public byte[] AsBytes() => _value is byte[] bytes ? (byte[])bytes.Clone() : throw new DBusTypeMismatchException("ay", Signature);

    /// <summary>The items of an array (bytes of an <c>ay</c> become BYTE values).</summary>
    /// <exception cref="DBusTypeMismatchException">Not an array.</exception>
    public IReadOnlyList<DBusValue> AsArray() => _value switch
    {
        byte[] bytes => bytes.Select(Byte).ToArray(),
        DBusValue[] items when Type.Code == DBusTypeCode.Array => new ReadOnlyCollection<DBusValue>(items),
        _ => throw new DBusTypeMismatchException("a", Signature),
    };

    /// <summary>The fields of a struct (or key and value of a dict entry).</summary>
    /// <exception cref="DBusTypeMismatchException">Not a struct.</exception>
    public IReadOnlyList<DBusValue> AsStruct() => _value is DBusValue[] fields && Type.Code is DBusTypeCode.Struct or DBusTypeCode.DictEntry
        ? new ReadOnlyCollection<DBusValue>(fields)
        : throw new DBusTypeMismatchException("(", Signature);

    /// <summary>The entries of an <c>a{KV}</c> in wire order.</summary>
    /// <exception cref="DBusTypeMismatchException">Not a dictionary.</exception>
    public IReadOnlyList<KeyValuePair<DBusValue, DBusValue>> AsDictionary()
    {
        if (Type.Element?.Code != DBusTypeCode.DictEntry)
        {
            throw new DBusTypeMismatchException("a{..}", Signature);
        }

        return [.. ((DBusValue[])_value).Select(e =>
        {
            var kv = (DBusValue[])e._value;
            return new KeyValuePair<DBusValue, DBusValue>(kv[0], kv[1]);
        })];
    }

    /// <summary>
    /// An <c>a{sv}</c> as a dictionary from name to the variant's content (a later duplicate key wins).
    /// </summary>
    /// <exception cref="DBusTypeMismatchException">Not <c>a{sv}</c>.</exception>
    public IReadOnlyDictionary<string, DBusValue> AsPropertyMap()
    {
        if (Signature != "a{sv}")
        {
            throw new DBusTypeMismatchException("a{sv}", Signature);
        }

        var map = new Dictionary<string, DBusValue>(StringComparer.Ordinal);
        foreach (var (k, v) in AsDictionary())
        {
            map[k.AsString()] = v.AsVariant();
        }

        return map;
    }

    /// <summary>An <c>a{sa{sv}}</c> (NetworkManager settings) as nested dictionaries with variant contents.</summary>
    /// <exception cref="DBusTypeMismatchException">Not <c>a{sa{sv}}</c>.</exception>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, DBusValue>> AsSettingsMap()
    {
        if (Signature != "a{sa{sv}}")
        {
            throw new DBusTypeMismatchException("a{sa{sv}}", Signature);
        }

        var map = new Dictionary<string, IReadOnlyDictionary<string, DBusValue>>(StringComparer.Ordinal);
        foreach (var (k, v) in AsDictionary())
        {
            map[k.AsString()] = v.AsPropertyMap();
        }

        return map;
    }

    private T Fixed<T>(DBusTypeCode code) => Type.Code == code
        ? (T)_value
        : throw new DBusTypeMismatchException(((char)code).ToString(), Signature);
}
