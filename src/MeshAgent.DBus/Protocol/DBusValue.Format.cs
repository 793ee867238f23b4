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
    /// Renders the value as GVariant text the way GLib's <c>g_variant_print(value, TRUE)</c> does
    /// (e.g. <c>uint32 5</c>, <c>'text'</c>, <c>objectpath '/a'</c>, <c>[1, 2]</c>, <c>(x,)</c>,
    /// <c>{'k': &lt;uint32 1&gt;}</c>, <c>@as []</c>), except that byte arrays are always printed as
    /// bytes. Used in logs and to compare our decoding with GLib's in tests.
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
                AppendQuoted(text, (string)_value);
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
                var fields = (DBusValue[])_value;
                text.Append('(');
                for (var i = 0; i < fields.Length; i++)
                {
                    text.Append(i > 0 ? ", " : "");
                    fields[i].Format(text, annotate);
                }

                text.Append(fields.Length == 1 ? ",)" : ")");
                break;
            case DBusTypeCode.DictEntry:
                var kv = (DBusValue[])_value;
                text.Append('{');
                kv[0].Format(text, annotate);
                text.Append(", ");
                kv[1].Format(text, annotate);
                text.Append('}');
                break;
            case DBusTypeCode.Array:
                FormatArray(text, annotate);
                break;
            case DBusTypeCode.Double:
                // g_ascii_dtostr prints %.17g and GLib appends ".0" to integral values.
                var d = ((double)_value).ToString("G17", inv).Replace("E", "e", StringComparison.Ordinal);
                text.Append(d);
                if (d.IndexOfAny(['.', 'e', 'n', 'N']) < 0)
                {
                    text.Append(".0");
                }

                break;
            case DBusTypeCode.Byte:
                text.Append(annotate ? "byte 0x" : "0x").Append(((byte)_value).ToString("x2", inv));
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

    private void FormatArray(StringBuilder text, bool annotate)
    {
        var isDict = Type.Element!.Code == DBusTypeCode.DictEntry;
        var count = _value is byte[] b ? b.Length : ((DBusValue[])_value).Length;
        if (count == 0 && annotate)
        {
            text.Append('@').Append(Signature).Append(' ');
        }

        text.Append(isDict ? '{' : '[');
        var items = _value as DBusValue[] ?? [];
        for (var i = 0; i < count; i++)
        {
            text.Append(i > 0 ? ", " : "");
            var first = annotate && i == 0;
            if (_value is byte[] bytes)
            {
                text.Append(first ? "byte 0x" : "0x").Append(bytes[i].ToString("x2", CultureInfo.InvariantCulture));
            }
            else if (isDict)
            {
                var kv = (DBusValue[])items[i]._value;
                kv[0].Format(text, first);
                text.Append(": ");
                kv[1].Format(text, first);
            }
            else
            {
                items[i].Format(text, first);
            }
        }

        text.Append(isDict ? '}' : ']');
    }

    private static void AppendQuoted(StringBuilder text, string value)
    {
        var quote = value.Contains('\'', StringComparison.Ordinal) ? '"' : '\'';
        text.Append(quote);
        foreach (var rune in value.EnumerateRunes())
        {
            if (rune.Value == quote || rune.Value == '\\')
            {
                text.Append('\\');
            }

            if (!Rune.IsControl(rune) && Rune.GetUnicodeCategory(rune) != UnicodeCategory.OtherNotAssigned)
            {
                text.Append(rune.ToString());
                continue;
            }

            text.Append('\\').Append(rune.Value switch
            {
                '\a' => "a",
                '\b' => "b",
                '\f' => "f",
                '\n' => "n",
                '\r' => "r",
                '\t' => "t",
                '\v' => "v",
                < 0x10000 => "u" + rune.Value.ToString("x4", CultureInfo.InvariantCulture),
                _ => "U" + rune.Value.ToString("x8", CultureInfo.InvariantCulture),
            });
        }

        text.Append(quote);
    }

    private static string TypeWord(DBusTypeCode code) => code switch
    {
        DBusTypeCode.Int16 => "int16",
        DBusTypeCode.UInt16 => "uint16",
        DBusTypeCode.UInt32 => "uint32",
        DBusTypeCode.Int64 => "int64",
        DBusTypeCode.UInt64 => "uint64",
        DBusTypeCode.UnixFd => "handle",
        _ => ((char)code).ToString(),
    };
}
