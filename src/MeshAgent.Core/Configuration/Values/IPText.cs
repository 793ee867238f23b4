using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace MeshAgent.Core.Configuration.Values;

/// <summary>
/// Strict parsing of IP addresses and prefixes as an admin writes them. IPAddress.TryParse alone accepts
/// "10" or "10.1" (inet_aton forms); a config must not turn a typo into 0.0.0.10.
/// </summary>
internal static class IPText
{
    /// <summary>Dotted-quad IPv4 or IPv6 text (optionally with a %zone); false for anything else.</summary>
    public static bool TryParseAddress(string text, out IPAddress address)
    {
        address = IPAddress.None;
        if (text.Contains(':', StringComparison.Ordinal))
        {
            if (IPAddress.TryParse(text, out var v6) && v6.AddressFamily == AddressFamily.InterNetworkV6)
            {
                address = v6;
                return true;
            }

            return false;
        }

        var parts = text.Split('.');
        if (parts.Length != 4)
        {
            return false;
        }

        foreach (var part in parts)
        {
            // A leading zero would make the parser read the part as octal ("010" is 8, "08" is an error).
            if (part.Length is 0 or > 3 || !part.All(char.IsAsciiDigit) || (part.Length > 1 && part[0] == '0')
                || int.Parse(part, CultureInfo.InvariantCulture) > 255)
            {
                return false;
            }
        }

        return IPAddress.TryParse(text, out address!);
    }

    /// <summary>True when <paramref name="text"/> looks like an attempt at an IPv4 address (digits and dots only).</summary>
    public static bool LooksNumeric(string text) => text.Length > 0 && text.All(c => char.IsAsciiDigit(c) || c == '.');

    /// <summary>Splits "address/length"; null when there is no single '/' or the length is not a number in range.</summary>
    public static string? TrySplitPrefix(string text, out IPAddress address, out int length)
    {
        address = IPAddress.None;
        length = 0;
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0)
        {
            return $"'{text}' has no prefix length; write it as a CIDR like 10.10.11.0/24";
        }

        var addressText = text[..slash];
        var lengthText = text[(slash + 1)..];
        if (!TryParseAddress(addressText, out address))
        {
            return $"'{addressText}' in '{text}' is not an IP address";
        }

        var max = address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128;
        if (lengthText.Length is 0 or > 3 || !lengthText.All(char.IsAsciiDigit)
            || (length = int.Parse(lengthText, CultureInfo.InvariantCulture)) > max)
        {
            return $"'{text}' has an invalid prefix length (0-{max})";
        }

        return null;
    }

    /// <summary><paramref name="address"/> with every bit after <paramref name="length"/> cleared.</summary>
    public static IPAddress Mask(IPAddress address, int length)
    {
        var bytes = address.GetAddressBytes();
        for (var i = 0; i < bytes.Length; i++)
        {
            var bitsHere = Math.Clamp(length - (i * 8), 0, 8);
            bytes[i] &= (byte)(0xFF << (8 - bitsHere));
        }

        return new IPAddress(bytes);
    }

    /// <summary>True when <paramref name="a"/> is numerically at most <paramref name="b"/> (same family).</summary>
    public static int Compare(IPAddress a, IPAddress b)
    {
        var x = a.GetAddressBytes();
        var y = b.GetAddressBytes();
        return x.Length != y.Length ? x.Length.CompareTo(y.Length) : x.AsSpan().SequenceCompareTo(y);
    }
}
