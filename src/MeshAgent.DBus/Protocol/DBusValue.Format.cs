using System.Globalization;
using System.Text;

namespace MeshAgent.DBus;

public sealed partial class DBusValue
{
    /// <summary>Structural equality: same type and equal contents (doubles compared bitwise).</summary>
    public bool Equals(DBusValue? other)
    {
        if (other is null)
        {
            return false;
        }

        if (ReferenceEquals(this, other))
        {
            return true;
        }

        if (!Type.Equals(other.Type))
        {
            return false;
        }

        return (_value, other._value) switch
        {
            (byte[] a, byte[] b) => a.AsSpan().SequenceEqual(b),
            (DBusValue[] a, DBusValue[] b) => a.Length == b.Length && a.Zip(b).All(p => p.First.Equals(p.Second)),
            (DBusValue a, DBusValue b) => a.Equals(b),
            (double a, double b) => BitConverter.DoubleToInt64Bits(a) == BitConverter.DoubleToInt64Bits(b),
            var (a, b) => a.Equals(b),
        };
    }

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as DBusValue);

    /// <inheritdoc />
    public override int GetHashCode() => _value switch
    {
        byte[] a => HashCode.Combine(Type, a.Length),
        DBusValue[] a => HashCode.Combine(Type, a.Length),
        _ => HashCode.Combine(Type, _value),
    };

    /// <summary>
    /// A readable rendering in the style of GVariant text: <c>uint32 5</c>, <c>'text'</c>,
    /// <c>objectpath '/a'</c>, <c>[1, 2]</c>, <c>(a, b)</c>, <c>{'k': &lt;v&gt;}</c>.
    /// </summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        Format(text, true);
        return text.ToString();
    }

    private void Format(StringBuilder text, bool annotate)
    {
        var inv = CultureInfo.InvariantCulture;
        switch (Type.Code)
        {
            case DBusTypeCode.Boolean:
                text.Append((bool)_value ? "true" : "false");
                break;
            case DBusTypeCode.String:
                text.Append('\'').Append(((string)_value).Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal)).Append('\'');
                break;
            case DBusTypeCode.ObjectPath:
                text.Append(annotate ? "objectpath '" : "'").Append((string)_value).Append('\'');
                break;
            case DBusTypeCode.Signature:
                text.Append(annotate ? "signature '" : "'").Append((string)_value).Append('\'');
                break;
            case DBusTypeCode.Variant:
                text.Append('<');
                ((DBusValue)_value).Format(text, true);
                text.Append('>');
                break;
            case DBusTypeCode.Struct:
                text.Append('(');
                FormatItems(text, (DBusValue[])_value);
                text.Append(')');
                break;
            case DBusTypeCode.DictEntry:
                var kv = (DBusValue[])_value;
                kv[0].Format(text, false);
                text.Append(": ");
                kv[1].Format(text, false);
                break;
            case DBusTypeCode.Array when _value is byte[] bytes:
                text.Append("[byte ").AppendJoin(", ", bytes.Select(b => "0x" + b.ToString("x2", inv))).Append(']');
                break;
            case DBusTypeCode.Array:
                var items = (DBusValue[])_value;
                var isDict = Type.Element!.Code == DBusTypeCode.DictEntry;
                if (items.Length == 0 && annotate)
                {
                    text.Append('@').Append(Signature).Append(' ');
                }

                text.Append(isDict ? '{' : '[');
                FormatItems(text, items);
                text.Append(isDict ? '}' : ']');
                break;
            case DBusTypeCode.Double:
                text.Append(((double)_value).ToString("R", inv));
                break;
            default:
                if (annotate && Type.Code != DBusTypeCode.Int32)
                {
                    text.Append(TypeWord(Type.Code)).Append(' ');
                }

                text.Append(Convert.ToString(_value, inv));
                break;
        }
    }

    private static void FormatItems(StringBuilder text, DBusValue[] items)
    {
        for (var i = 0; i < items.Length; i++)
        {
            if (i > 0)
            {
                text.Append(", ");
            }

            items[i].Format(text, i == 0);
        }
    }

    private static string TypeWord(DBusTypeCode code) => code switch
    {
        DBusTypeCode.Byte => "byte",
        DBusTypeCode.Int16 => "int16",
        DBusTypeCode.UInt16 => "uint16",
        DBusTypeCode.UInt32 => "uint32",
        DBusTypeCode.Int64 => "int64",
        DBusTypeCode.UInt64 => "uint64",
        DBusTypeCode.UnixFd => "handle",
        _ => ((char)code).ToString(),
    };
}
