namespace MeshAgent.DBus;

/// <summary>
/// Validation of object paths and of interface, member, error and bus names, as the specification's
/// "Valid Names" section defines them. Thread-safe, no allocation on success.
/// </summary>
public static class DBusNames
{
    /// <summary>True for "/" or "/a/b_c/D9": segments of [A-Za-z0-9_], no empty segment, no trailing '/'.</summary>
    public static bool IsValidObjectPath(ReadOnlySpan<char> path)
    {
        if (path.Length == 0 || path[0] != '/')
        {
            return false;
        }

        if (path.Length == 1)
        {
            return true;
        }

        if (path[^1] == '/')
        {
            return false;
        }

        for (var i = 1; i < path.Length; i++)
        {
            var c = path[i];
            if (c == '/')
            {
                if (path[i - 1] == '/')
                {
                    return false;
                }
            }
            else if (!IsNameChar(c))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>True for an interface (or error) name: ≥ 2 dot-separated elements of [A-Za-z0-9_] not starting with a digit, ≤ 255 chars.</summary>
    public static bool IsValidInterfaceName(ReadOnlySpan<char> name) => IsDottedName(name, allowHyphen: false, allowDigitStart: false);

    /// <summary>True for an error name (same rules as interface names).</summary>
    public static bool IsValidErrorName(ReadOnlySpan<char> name) => IsValidInterfaceName(name);

    /// <summary>True for a member name: [A-Za-z0-9_], not starting with a digit, 1..255 chars.</summary>
    public static bool IsValidMemberName(ReadOnlySpan<char> name)
    {
        if (name.Length == 0 || name.Length > DBusLimits.MaxNameLength || char.IsAsciiDigit(name[0]))
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!IsNameChar(c))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// True for a unique name (":1.42": elements may start with a digit) or a well-known name
    /// ("org.freedesktop.NetworkManager": [A-Za-z0-9_-], not starting with a digit), ≥ 2 elements, ≤ 255 chars.
    /// </summary>
    public static bool IsValidBusName(ReadOnlySpan<char> name)
    {
        if (name.Length > 0 && name[0] == ':')
        {
            return IsDottedName(name[1..], allowHyphen: true, allowDigitStart: true) && name.Length <= DBusLimits.MaxNameLength;
        }

        return IsDottedName(name, allowHyphen: true, allowDigitStart: false);
    }

    /// <summary>Throws unless <paramref name="path"/> is a valid object path.</summary>
    /// <exception cref="DBusFormatException">Invalid path.</exception>
    public static void ValidateObjectPath(string path)
    {
        if (!IsValidObjectPath(path))
        {
            throw new DBusFormatException(DBusFormatError.InvalidObjectPath, $"Invalid object path '{Sanitize(path)}'");
        }
    }

    /// <summary>Throws unless <paramref name="name"/> is a valid interface name.</summary>
    /// <exception cref="DBusFormatException">Invalid name.</exception>
    public static void ValidateInterfaceName(string name)
    {
        if (!IsValidInterfaceName(name))
        {
            throw new DBusFormatException(DBusFormatError.InvalidName, $"Invalid interface name '{Sanitize(name)}'");
        }
    }

    /// <summary>Throws unless <paramref name="name"/> is a valid error name.</summary>
    /// <exception cref="DBusFormatException">Invalid name.</exception>
    public static void ValidateErrorName(string name)
    {
        if (!IsValidErrorName(name))
        {
            throw new DBusFormatException(DBusFormatError.InvalidName, $"Invalid error name '{Sanitize(name)}'");
        }
    }

    /// <summary>Throws unless <paramref name="name"/> is a valid member name.</summary>
    /// <exception cref="DBusFormatException">Invalid name.</exception>
    public static void ValidateMemberName(string name)
    {
        if (!IsValidMemberName(name))
        {
            throw new DBusFormatException(DBusFormatError.InvalidName, $"Invalid member name '{Sanitize(name)}'");
        }
    }

    /// <summary>Throws unless <paramref name="name"/> is a valid bus name.</summary>
    /// <exception cref="DBusFormatException">Invalid name.</exception>
    public static void ValidateBusName(string name)
    {
        if (!IsValidBusName(name))
        {
            throw new DBusFormatException(DBusFormatError.InvalidName, $"Invalid bus name '{Sanitize(name)}'");
        }
    }

    internal static string Sanitize(string text)
    {
        var shown = text.Length > 64 ? text[..64] + "…" : text;
        return string.Create(shown.Length, shown, static (span, s) =>
        {
            for (var i = 0; i < s.Length; i++)
            {
                span[i] = char.IsControl(s[i]) ? '?' : s[i];
            }
        });
    }

    private static bool IsNameChar(char c) => char.IsAsciiLetterOrDigit(c) || c == '_';

    private static bool IsDottedName(ReadOnlySpan<char> name, bool allowHyphen, bool allowDigitStart)
    {
        if (name.Length == 0 || name.Length > DBusLimits.MaxNameLength)
        {
            return false;
        }

        var elements = 1;
        var elementStart = true;
        foreach (var c in name)
        {
            if (c == '.')
            {
                if (elementStart)
                {
                    return false;
                }

                elements++;
                elementStart = true;
                continue;
            }

            var ok = IsNameChar(c) || (allowHyphen && c == '-');
            if (!ok || (elementStart && !allowDigitStart && char.IsAsciiDigit(c)))
            {
                return false;
            }

            elementStart = false;
        }

        return !elementStart && elements >= 2;
    }
}
