using System.Globalization;
using System.Net;
using System.Text;
using MeshAgent.WireGuard.Text;

namespace MeshAgent.WireGuard.Configuration;

/// <summary>
/// Parses wg-quick(8) files (e.g. /etc/wireguard/wg0.conf) the way wg-quick's parse_options does: in
/// [Interface], Address, DNS, MTU, Table, PreUp, PostUp, PreDown, PostDown and SaveConfig are taken out
/// (keys case-insensitive, several Address/DNS lines accumulate); every other line goes to
/// <see cref="WgConfigParser"/>, keeping its line number for errors.
/// </summary>
public static class WgQuickParser
{
    /// <summary>Parses <paramref name="text"/>.</summary>
    /// <exception cref="WgConfigException">The file is invalid; the first problem is reported with its line.</exception>
    public static WgQuickConfig Parse(string text, Func<string, IPAddress?>? resolveHost = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        var lines = text.Split('\n');
        var wgPart = new StringBuilder(text.Length);
        var addresses = new List<InterfaceAddress>();
        var dnsServers = new List<IPAddress>();
        var searchDomains = new List<string>();
        List<string> preUp = [], postUp = [], preDown = [], postDown = [];
        int? mtu = null;
        string? table = null;
        var saveConfig = false;
        var inInterface = false;

        for (var i = 0; i < lines.Length; i++)
        {
            var lineNumber = i + 1;
            var line = lines[i];
            var comment = line.IndexOf('#', StringComparison.Ordinal);
            var stripped = comment >= 0 ? line[..comment] : line;
            var equals = stripped.IndexOf('=', StringComparison.Ordinal);
            var key = (equals >= 0 ? stripped[..equals] : stripped).Trim();
            var value = equals >= 0 ? stripped[(equals + 1)..].Trim() : key;

            if (key.StartsWith('['))
            {
                inInterface = key.Equals("[Interface]", StringComparison.OrdinalIgnoreCase);
            }

            var consumed = inInterface;
            if (inInterface)
            {
                switch (key.ToUpperInvariant())
                {
                    case "ADDRESS":
                        foreach (var entry in Entries(value))
                        {
                            addresses.Add(ParseAddress(entry, lineNumber));
                        }

                        break;
                    case "DNS":
                        foreach (var entry in Entries(value))
                        {
                            // wg-quick's own test: digits and dots, or anything with a colon, is a server.
                            if (entry.All(c => char.IsAsciiDigit(c) || c == '.') || entry.Contains(':', StringComparison.Ordinal))
                            {
                                dnsServers.Add(InetAddressText.TryParseAddress(entry, out var server)
                                    ? server
                                    : throw new WgConfigException(lineNumber, $"DNS server is not an IP address: `{entry}'"));
                            }
                            else
                            {
                                searchDomains.Add(entry);
                            }
                        }

                        break;
                    case "MTU":
                        mtu = int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var m) && m is >= 68 and <= 65535
                            ? m
                            : throw new WgConfigException(lineNumber, $"MTU is not a number between 68 and 65535: `{value}'");
                        break;
                    case "TABLE":
                        table = value;
                        break;
                    case "PREUP":
                        preUp.Add(value);
                        break;
                    case "POSTUP":
                        postUp.Add(value);
                        break;
                    case "PREDOWN":
                        preDown.Add(value);
                        break;
                    case "POSTDOWN":
                        postDown.Add(value);
                        break;
                    case "SAVECONFIG":
                        saveConfig = value.Equals("true", StringComparison.OrdinalIgnoreCase)
                            || (value.Equals("false", StringComparison.OrdinalIgnoreCase)
                                ? false
                                : throw new WgConfigException(lineNumber, $"`{value}' is neither true nor false"));
                        break;
                    default:
                        consumed = false;
                        break;
                }
            }

            // Consumed lines stay as empty lines so that the wg(8) parser reports the right line numbers.
            wgPart.Append(consumed ? string.Empty : line).Append('\n');
        }

        return new WgQuickConfig
        {
            WireGuard = WgConfigParser.Parse(wgPart.ToString(), resolveHost),
            Addresses = addresses,
            DnsServers = dnsServers,
            DnsSearchDomains = searchDomains,
            Mtu = mtu,
            Table = table,
            PreUp = preUp,
            PostUp = postUp,
            PreDown = preDown,
            PostDown = postDown,
            SaveConfig = saveConfig,
        };
    }

    private static string[] Entries(string value) =>
        value.Split([',', ' ', '\t'], StringSplitOptions.RemoveEmptyEntries);

    private static InterfaceAddress ParseAddress(string entry, int lineNumber)
    {
        var slash = entry.IndexOf('/', StringComparison.Ordinal);
        var host = slash < 0 ? entry : entry[..slash];
        if (!InetAddressText.TryParseAddress(host, out var address))
        {
            throw new WgConfigException(lineNumber, $"Address is not an IP address: `{entry}'");
        }

        var maximum = address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128;
        if (slash < 0)
        {
            return new InterfaceAddress(address, maximum);
        }

        var digits = entry[(slash + 1)..];
        return digits.Length is > 0 and <= 3 && digits.All(char.IsAsciiDigit)
            && int.Parse(digits, CultureInfo.InvariantCulture) is var length && length <= maximum
            ? new InterfaceAddress(address, length)
            : throw new WgConfigException(lineNumber, $"Address prefix length is not valid: `{entry}'");
    }
}
