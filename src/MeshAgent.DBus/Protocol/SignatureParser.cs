namespace MeshAgent.DBus;

/// <summary>
/// Parses and validates D-Bus signatures ("Valid Signatures" in the specification): known type
/// codes only, at most 255 bytes, balanced structs with at least one field, dict entries only as
/// array elements with a basic key and exactly one value, at most 32 nested arrays and 32 nested
/// structs (dict entries count as structs, as in libdbus). Thread-safe and allocation-bounded by the
/// signature length.
/// </summary>
public static class SignatureParser
{
    /// <summary>Parses a signature into its complete types (empty signature → empty list).</summary>
    /// <exception cref="DBusFormatException">The signature is invalid.</exception>
    public static IReadOnlyList<DBusType> Parse(string signature)
    {
        ArgumentNullException.ThrowIfNull(signature);
        if (signature.Length > DBusLimits.MaxSignatureLength)
        {
            throw new DBusFormatException(DBusFormatError.LimitExceeded, $"Signature is {signature.Length} bytes, more than {DBusLimits.MaxSignatureLength}");
        }

        var types = new List<DBusType>();
        var position = 0;
        while (position < signature.Length)
        {
            types.Add(ParseOne(signature, ref position, 0, 0));
        }

        return types;
    }

    /// <summary>True if <paramref name="signature"/> is a valid signature.</summary>
    public static bool IsValid(string signature)
    {
        try
        {
            Parse(signature);
            return true;
        }
        catch (DBusFormatException)
        {
            return false;
        }
    }

    private static DBusType ParseOne(string text, ref int position, int arrayDepth, int structDepth)
    {
        var start = position;
        var c = text[position++];
        switch (c)
        {
            case 'y' or 'b' or 'n' or 'q' or 'i' or 'u' or 'x' or 't' or 'd' or 'h' or 's' or 'o' or 'g' or 'v':
                return DBusType.FromCode((DBusTypeCode)c);
            case 'a':
            {
                if (arrayDepth + 1 > DBusLimits.MaxArrayDepth)
                {
                    throw new DBusFormatException(DBusFormatError.NestingTooDeep, "Signature nests more than 32 arrays");
                }

                if (position >= text.Length)
                {
                    throw Invalid(text, "array without element type");
                }

                DBusType element = text[position] == '{'
                    ? ParseDictEntry(text, ref position, arrayDepth + 1, structDepth)
                    : ParseOne(text, ref position, arrayDepth + 1, structDepth);
                return DBusType.CreateParsed(DBusTypeCode.Array, element, null, text[start..position]);
            }

            case '(':
            {
                if (structDepth + 1 > DBusLimits.MaxStructDepth)
                {
                    throw new DBusFormatException(DBusFormatError.NestingTooDeep, "Signature nests more than 32 structs");
                }

                var fields = new List<DBusType>();
                while (true)
                {
                    if (position >= text.Length)
                    {
                        throw Invalid(text, "unterminated struct");
                    }

                    if (text[position] == ')')
                    {
                        position++;
                        break;
                    }

                    fields.Add(ParseOne(text, ref position, arrayDepth, structDepth + 1));
                }

                if (fields.Count == 0)
                {
                    throw Invalid(text, "empty struct");
                }

                return DBusType.CreateParsed(DBusTypeCode.Struct, null, fields, text[start..position]);
            }

            default:
                throw Invalid(text, c == '{' ? "dict entry outside an array" : $"unexpected '{Printable(c)}'");
        }
    }

    private static DBusType ParseDictEntry(string text, ref int position, int arrayDepth, int structDepth)
    {
        var start = position;
        position++; // '{'
        if (structDepth + 1 > DBusLimits.MaxStructDepth)
        {
            throw new DBusFormatException(DBusFormatError.NestingTooDeep, "Signature nests more than 32 structs");
        }

        if (position >= text.Length)
        {
            throw Invalid(text, "unterminated dict entry");
        }

        var key = ParseOne(text, ref position, arrayDepth, structDepth + 1);
        if (!key.IsBasic)
        {
            throw Invalid(text, "dict entry key is not a basic type");
        }

        if (position >= text.Length || text[position] == '}')
        {
            throw Invalid(text, "dict entry without value");
        }

        var value = ParseOne(text, ref position, arrayDepth, structDepth + 1);
        if (position >= text.Length || text[position] != '}')
        {
            throw Invalid(text, "dict entry must have exactly two types");
        }

        position++;
        return DBusType.CreateParsed(DBusTypeCode.DictEntry, null, [key, value], text[start..position]);
    }

    private static string Printable(char c) => c is >= ' ' and < (char)127 ? c.ToString() : $"\\x{(int)c:x2}";

    private static DBusFormatException Invalid(string text, string why) =>
        new(DBusFormatError.InvalidSignature, $"Invalid signature '{new string([.. text.Select(c => c is >= ' ' and < (char)127 ? c : '?')])}': {why}");
}
