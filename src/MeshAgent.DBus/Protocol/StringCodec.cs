using System.Text;

namespace MeshAgent.DBus;

/// <summary>UTF-8 rules for D-Bus strings: valid UTF-8, no NUL inside.</summary>
internal static class StringCodec
{
    private static readonly UTF8Encoding Strict = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Throws unless the text can be sent as a D-Bus string.</summary>
    public static void Validate(string value)
    {
        if (value.Contains('\0', StringComparison.Ordinal))
        {
            throw new DBusFormatException(DBusFormatError.InvalidString, "D-Bus strings must not contain NUL");
        }

        try
        {
            Strict.GetByteCount(value);
        }
        catch (EncoderFallbackException)
        {
            throw new DBusFormatException(DBusFormatError.InvalidString, "D-Bus strings must be valid Unicode (lone surrogate)");
        }
    }

    /// <summary>Decodes wire bytes (without the terminating NUL); throws on invalid UTF-8 or an embedded NUL.</summary>
    public static string Decode(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Contains((byte)0))
        {
            throw new DBusFormatException(DBusFormatError.InvalidString, "String contains NUL");
        }

        if (!System.Text.Unicode.Utf8.IsValid(bytes))
        {
            throw new DBusFormatException(DBusFormatError.InvalidString, "String is not valid UTF-8");
        }

        return Strict.GetString(bytes);
    }

    /// <summary>Encodes validated text.</summary>
    public static byte[] Encode(string value) => Strict.GetBytes(value);
}
