using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace MeshAgent.Core.Configuration.Values;

/// <summary>
/// "host:port" endpoints: "203.0.113.10:51820", "[2001:db8::1]:51820" (IPv6 always in brackets),
/// "hub1.example.com:51820". Literal addresses become <see cref="IPEndPoint"/>, names <see cref="DnsEndPoint"/>.
/// </summary>
internal static class EndpointText
{
    /// <summary>Parses; returns null on success, else why not.</summary>
    /// <param name="text">The text.</param>
    /// <param name="defaultPort">The port when none is written; null makes the port mandatory.</param>
    /// <param name="requireAddress">Reject host names (for listen addresses).</param>
    /// <param name="endpoint">The endpoint.</param>
    public static string? TryParse(string text, int? defaultPort, bool requireAddress, out EndPoint endpoint)
    {
        endpoint = new IPEndPoint(IPAddress.None, 0);
        string host;
        string? portText;
        if (text.StartsWith('['))
        {
            var close = text.IndexOf(']', StringComparison.Ordinal);
            if (close < 0)
            {
                return $"'{text}' has no closing ']'";
            }

            host = text[1..close];
            var rest = text[(close + 1)..];
            if (rest.Length > 0 && rest[0] != ':')
            {
                return $"'{text}' must continue with ':port' after ']'";
            }

            portText = rest.Length > 0 ? rest[1..] : null;
            if (!IPText.TryParseAddress(host, out var v6) || v6.AddressFamily != AddressFamily.InterNetworkV6)
            {
                return $"'{host}' in brackets is not an IPv6 address";
            }
        }
        else
        {
            var colons = text.Count(c => c == ':');
            if (colons > 1)
            {
                return IPText.TryParseAddress(text, out _)
                    ? $"IPv6 address '{text}' must be written in brackets with a port, like [{text}]:{defaultPort ?? 51820}"
                    : $"'{text}' is not host:port (an IPv6 address goes in brackets: [2001:db8::1]:51820)";
            }

            var colon = text.IndexOf(':', StringComparison.Ordinal);
            host = colon < 0 ? text : text[..colon];
            portText = colon < 0 ? null : text[(colon + 1)..];
        }

        int port;
        if (portText is null)
        {
            if (defaultPort is null)
            {
                return $"'{text}' has no port; write host:port";
            }

            port = defaultPort.Value;
        }
        else if (portText.Length is 0 or > 5 || !portText.All(char.IsAsciiDigit)
                 || (port = int.Parse(portText, CultureInfo.InvariantCulture)) is < 1 or > 65535)
        {
            return $"port '{portText}' in '{text}' is not in range 1-65535";
        }

        if (IPText.TryParseAddress(host, out var address))
        {
            endpoint = new IPEndPoint(address, port);
            return null;
        }

        if (requireAddress)
        {
            return $"'{host}' is not an IP address";
        }

        if (IPText.LooksNumeric(host))
        {
            return $"'{host}' is not a valid IPv4 address";
        }

        if (host.Length == 0 || DnsName.CheckName(host) is not null)
        {
            return $"'{Printable.Escape(host)}' is neither an IP address nor a host name";
        }

        endpoint = new DnsEndPoint(host, port);
        return null;
    }

    /// <summary>The canonical text: "1.2.3.4:5", "[::1]:5", "name:5".</summary>
    public static string Format(EndPoint endpoint) => endpoint switch
    {
        IPEndPoint ip => ip.ToString(),
        DnsEndPoint dns => string.Create(CultureInfo.InvariantCulture, $"{dns.Host}:{dns.Port}"),
        _ => endpoint.ToString() ?? string.Empty,
    };
}
