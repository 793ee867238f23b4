using System.Globalization;
using System.Text;

namespace MeshAgent.Nat.Upnp;

/// <summary>
/// SSDP search for Internet Gateway Devices (UPnP Device Architecture 1.1 section 1.3): a pure encoder and a decoder of
/// the unicast HTTPU answers that throws only <see cref="MalformedReplyException"/>.
/// </summary>
public static class SsdpCodec
{
    /// <summary>UDP port SSDP listens on.</summary>
    public const int Port = 1900;

    /// <summary>The SSDP multicast group (IPv4, link-local scope).</summary>
    public const string MulticastAddress = "239.255.255.250";

    /// <summary>
    /// What we search for. IGD:2 devices must answer searches for IGD:1 too (IGD 2.0 section 2.1), so one search
    /// finds both generations.
    /// </summary>
    public const string InternetGatewayDevice = "urn:schemas-upnp-org:device:InternetGatewayDevice:1";

    /// <summary>A real answer is a few hundred bytes; past this a datagram is refused unread.</summary>
    public const int MaxDatagramBytes = 2048;

    /// <summary>The M-SEARCH request. MX 1: the gateway may wait up to 1 s, but real gateways answer at once.</summary>
    public static byte[] EncodeSearch() => Encoding.ASCII.GetBytes(
        "M-SEARCH * HTTP/1.1\r\n"
        + $"HOST: {MulticastAddress}:{Port}\r\n"
        + "MAN: \"ssdp:discover\"\r\n"
        + "MX: 1\r\n"
        + $"ST: {InternetGatewayDevice}\r\n"
        + "\r\n");

    /// <summary>Decodes one answer to <see cref="EncodeSearch"/>.</summary>
    /// <exception cref="MalformedReplyException">Oversized, not an HTTP 200 answer, or without an absolute http LOCATION.</exception>
    public static SsdpResponse Decode(ReadOnlySpan<byte> datagram)
    {
        if (datagram.Length > MaxDatagramBytes)
        {
            throw new MalformedReplyException(MalformedReplyKind.Oversized, $"SSDP answer of {datagram.Length} bytes exceeds {MaxDatagramBytes}");
        }

        foreach (var b in datagram)
        {
            // HTTPU headers are ASCII text; a NUL or other control byte is not an answer.
            if (b is (< 0x20 and not (byte)'\r' and not (byte)'\n' and not (byte)'\t') or > 0x7E)
            {
                throw new MalformedReplyException("SSDP answer has a byte that is not printable ASCII");
            }
        }

        var lines = Encoding.ASCII.GetString(datagram).Split("\r\n");
        if (!IsOkStatusLine(lines[0]))
        {
            throw new MalformedReplyException("SSDP answer is not an HTTP 200 status line");
        }

        string? location = null, searchTarget = null, server = null, usn = null;
        for (var i = 1; i < lines.Length; i++)
        {
            var line = lines[i];
            if (line.Length == 0)
            {
                break;
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                throw new MalformedReplyException("SSDP header line has no name");
            }

            var name = line[..colon].Trim();
            var value = line[(colon + 1)..].Trim();
            switch (name.ToUpperInvariant())
            {
                case "LOCATION":
                    location = value;
                    break;
                case "ST":
                    searchTarget = value;
                    break;
                case "SERVER":
                    server = value;
                    break;
                case "USN":
                    usn = value;
                    break;
                default:
                    break;
            }
        }

        if (location is null)
        {
            throw new MalformedReplyException("SSDP answer has no LOCATION");
        }

        if (!Uri.TryCreate(location, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttp || uri.HostNameType is not (UriHostNameType.IPv4 or UriHostNameType.IPv6))
        {
            throw new MalformedReplyException("SSDP LOCATION is not an absolute http URL with an IP address");
        }

        return new SsdpResponse(uri, searchTarget, server, usn);
    }

    private static bool IsOkStatusLine(string line)
    {
        var parts = line.Split(' ', 3);
        return parts.Length >= 2
            && parts[0].StartsWith("HTTP/1.", StringComparison.OrdinalIgnoreCase)
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var status)
            && status == 200;
    }
}

/// <summary>One gateway's answer to an SSDP search.</summary>
/// <param name="Location">Where its root description is.</param>
/// <param name="SearchTarget">The ST it answered for, when given.</param>
/// <param name="Server">Its SERVER header (OS, UPnP version, product), for diagnostics.</param>
/// <param name="UniqueServiceName">Its USN, when given.</param>
public sealed record SsdpResponse(Uri Location, string? SearchTarget, string? Server, string? UniqueServiceName);
