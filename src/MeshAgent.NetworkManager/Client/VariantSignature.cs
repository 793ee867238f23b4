using System.Text;
using Tmds.DBus.Protocol;

namespace MeshAgent.NetworkManager.Client;

/// <summary>
/// The D-Bus signature of a <see cref="VariantValue"/>, for display and comparison of values we keep opaque.
/// Tmds.DBus.Protocol keeps the exact signature inside the value (and writes it back exactly) but does not
/// expose it; this rebuilds it from the value's shape. For an empty array of containers only the container
/// kind is known ("aa", "a("), which is enough to tell values apart. Pure.
/// </summary>
internal static class VariantSignature
{
    // D-Bus allows 64 levels of nesting (32 arrays + 32 structs); deeper input is cut, not followed.
    private const int MaxDepth = 64;

    /// <summary>"s", "aau", "a{sv}", "(ii)".</summary>
    public static string Of(VariantValue value)
    {
        var text = new StringBuilder();
        Append(text, value, 0);
        return text.ToString();
    }

    private static void Append(StringBuilder text, VariantValue value, int depth)
    {
        if (depth > MaxDepth)
        {
            text.Append('?');
            return;
        }

        switch (value.Type)
        {
            case VariantValueType.Array:
                text.Append('a');
                if (value.Count > 0)
                {
                    Append(text, value.GetItem(0), depth + 1);
                }
                else
                {
                    text.Append(Code(value.ItemType));
                }

                break;
            case VariantValueType.Dictionary:
                text.Append("a{").Append(Code(value.KeyType));
                if (value.Count > 0)
                {
                    Append(text, value.GetDictionaryEntry(0).Value, depth + 1);
                }
                else
                {
                    text.Append(Code(value.ValueType));
                }

                text.Append('}');
                break;
            case VariantValueType.Struct:
                text.Append('(');
                for (var i = 0; i < value.Count; i++)
                {
                    Append(text, value.GetItem(i), depth + 1);
                }

                text.Append(')');
                break;
            default:
                text.Append(Code(value.Type));
                break;
        }
    }

    private static string Code(VariantValueType type) => type switch
    {
        VariantValueType.Byte => "y",
        VariantValueType.Bool => "b",
        VariantValueType.Int16 => "n",
        VariantValueType.UInt16 => "q",
        VariantValueType.Int32 => "i",
        VariantValueType.UInt32 => "u",
        VariantValueType.Int64 => "x",
        VariantValueType.UInt64 => "t",
        VariantValueType.Double => "d",
        VariantValueType.String => "s",
        VariantValueType.ObjectPath => "o",
        VariantValueType.Signature => "g",
        VariantValueType.UnixFd => "h",
        VariantValueType.Variant => "v",
        VariantValueType.Array => "a",
        VariantValueType.Dictionary => "a{",
        VariantValueType.Struct => "(",
        _ => "?",
    };
}
