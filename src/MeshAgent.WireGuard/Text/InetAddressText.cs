using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace MeshAgent.WireGuard.Text;

/// <summary>
/// Formats addresses exactly as glibc's inet_ntop does, so that our output matches wg(8) byte for byte
/// (.NET's own IPv6 formatting differs in corner cases such as embedded IPv4).
/// </summary>
public static class InetAddressText
{
    /// <summary>The inet_ntop text of <paramref name="address"/> (IPv6 scope ids are not printed).</summary>
    public static string Format(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            return address.ToString();
        }

        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out _);
        Span<int> words = stackalloc int[8];
        for (var i = 0; i < 8; i++)
        {
            words[i] = (bytes[2 * i] << 8) | bytes[(2 * i) + 1];
        }

        // The first longest run of two or more zero words is written as "::".
        int bestBase = -1, bestLength = 0, runBase = -1, runLength = 0;
        for (var i = 0; i < 8; i++)
        {
            if (words[i] == 0)
            {
                if (runBase < 0)
                {
                    runBase = i;
                    runLength = 0;
                }

                runLength++;
                if (runLength > bestLength)
                {
                    bestBase = runBase;
                    bestLength = runLength;
                }
            }
            else
            {
                runBase = -1;
            }
        }

        if (bestLength < 2)
        {
            bestBase = -1;
        }

        var text = new StringBuilder(46);
        for (var i = 0; i < 8; i++)
        {
            if (bestBase >= 0 && i >= bestBase && i < bestBase + bestLength)
            {
                if (i == bestBase)
                {
                    text.Append(':');
                }

                continue;
            }

            if (i != 0)
            {
                text.Append(':');
            }

            // IPv4-compatible (::a.b.c.d) and IPv4-mapped (::ffff:a.b.c.d) addresses end in dotted quad.
            if (i == 6 && bestBase == 0 && (bestLength == 6 || (bestLength == 5 && words[5] == 0xffff)))
            {
                text.Append(CultureInfo.InvariantCulture, $"{bytes[12]}.{bytes[13]}.{bytes[14]}.{bytes[15]}");
                return text.ToString();
            }

            text.Append(words[i].ToString("x", CultureInfo.InvariantCulture));
        }

        if (bestBase >= 0 && bestBase + bestLength == 8)
        {
            text.Append(':');
        }

        return text.ToString();
    }

    /// <summary>An endpoint as wg(8) prints it: <c>a.b.c.d:port</c> or <c>[v6]:port</c>.</summary>
    public static string FormatEndpoint(IPEndPoint endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        var host = Format(endpoint.Address);
        return endpoint.AddressFamily == AddressFamily.InterNetworkV6
            ? string.Create(CultureInfo.InvariantCulture, $"[{host}]:{endpoint.Port}")
            : string.Create(CultureInfo.InvariantCulture, $"{host}:{endpoint.Port}");
    }

    /// <summary>A prefix as wg(8) prints it: <c>address/length</c>.</summary>
    public static string FormatNetwork(IPNetwork network) =>
        string.Create(CultureInfo.InvariantCulture, $"{Format(network.BaseAddress)}/{network.PrefixLength}");

    /// <summary>
    /// Parses <c>a.b.c.d:port</c> or <c>[v6]:port</c> (the forms UAPI and wg(8) print) without name
    /// resolution. Returns false for anything else.
    /// </summary>
    public static bool TryParseEndpoint(ReadOnlySpan<char> text, out IPEndPoint? endpoint)
    {
        endpoint = null;
        ReadOnlySpan<char> host;
        ReadOnlySpan<char> port;
        if (text.StartsWith('['))
        {
            var close = text.IndexOf(']');
            if (close < 0 || close + 1 >= text.Length || text[close + 1] != ':')
            {
                return false;
            }

            host = text[1..close];
            port = text[(close + 2)..];
            if (!IPAddress.TryParse(host, out var v6) || v6.AddressFamily != AddressFamily.InterNetworkV6)
            {
                return false;
            }

            return TryMake(v6, port, out endpoint);
        }

        var colon = text.LastIndexOf(':');
        if (colon < 0)
        {
            return false;
        }

        host = text[..colon];
        port = text[(colon + 1)..];
        if (!TryParseIPv4(host, out var v4))
        {
            return false;
        }

        return TryMake(v4, port, out endpoint);
    }

    /// <summary>Parses strict dotted-quad IPv4 (no shorthand forms, which inet_pton rejects too).</summary>
    public static bool TryParseIPv4(ReadOnlySpan<char> text, out IPAddress address)
    {
        address = IPAddress.None;
        Span<byte> bytes = stackalloc byte[4];
        var part = 0;
        var digits = 0;
        var value = 0;
        foreach (var c in text)
        {
            if (c == '.')
            {
                if (digits == 0 || part == 3)
                {
                    return false;
                }

                bytes[part++] = (byte)value;
                digits = 0;
                value = 0;
                continue;
            }

            if (c is < '0' or > '9' || (digits == 1 && value == 0) || digits == 3)
            {
                return false;
            }

            value = (value * 10) + (c - '0');
            digits++;
            if (value > 255)
            {
                return false;
            }
        }

        if (digits == 0 || part != 3)
        {
            return false;
        }

        bytes[3] = (byte)value;
        address = new IPAddress(bytes);
        return true;
    }

    /// <summary>
    /// Parses <c>address[/length]</c> the way wg(8) does (no length = a host prefix). Host bits are
    /// cleared, as the kernel and wireguard-go do; <paramref name="hadHostBits"/> says whether any were set.
    /// </summary>
    public static bool TryParseNetwork(ReadOnlySpan<char> text, out IPNetwork network, out bool hadHostBits)
    {
        network = default;
        hadHostBits = false;
        var slash = text.IndexOf('/');
        var host = slash < 0 ? text : text[..slash];
        if (!TryParseAddress(host, out var address))
        {
            return false;
        }

        var maximum = address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128;
        var length = maximum;
        if (slash >= 0)
        {
            var digits = text[(slash + 1)..];
            if (digits.IsEmpty || digits.Length > 3 || digits.ContainsAnyExceptInRange('0', '9'))
            {
                return false;
            }

            length = int.Parse(digits, NumberStyles.None, CultureInfo.InvariantCulture);
            if (length > maximum)
            {
                return false;
            }
        }

        Span<byte> bytes = stackalloc byte[maximum / 8];
        address.TryWriteBytes(bytes, out _);
        for (var bit = length; bit < maximum; bit++)
        {
            var mask = (byte)(0x80 >> (bit % 8));
            if ((bytes[bit / 8] & mask) != 0)
            {
                hadHostBits = true;
                bytes[bit / 8] &= (byte)~mask;
            }
        }

        network = new IPNetwork(new IPAddress(bytes), length);
        return true;
    }

    /// <summary>Parses an IPv4 (strict dotted quad) or IPv6 address literal, like inet_pton; no scope ids.</summary>
    public static bool TryParseAddress(ReadOnlySpan<char> text, out IPAddress address)
    {
        if (text.Contains(':'))
        {
            if (!text.Contains('%') && IPAddress.TryParse(text, out var v6) && v6.AddressFamily == AddressFamily.InterNetworkV6)
            {
                address = v6;
                return true;
            }

            address = IPAddress.None;
            return false;
        }

        return TryParseIPv4(text, out address);
    }

    private static bool TryMake(IPAddress address, ReadOnlySpan<char> port, out IPEndPoint? endpoint)
    {
        endpoint = null;
        if (port.IsEmpty || port.Length > 5 || port.ContainsAnyExceptInRange('0', '9')
            || !int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number > 65535)
        {
            return false;
        }

        endpoint = new IPEndPoint(address, number);
        return true;
    }
}
