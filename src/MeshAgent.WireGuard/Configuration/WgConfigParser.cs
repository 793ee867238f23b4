using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using MeshAgent.WireGuard.Text;

namespace MeshAgent.WireGuard.Configuration;

/// <summary>
/// Parses the wg(8) configuration format exactly as <c>wg setconf</c> accepts it: everything after '#'
/// is a comment, all whitespace inside a line is removed, section names and keys are case-insensitive,
/// AllowedIPs lines accumulate, an empty value is an unrecognised line. Errors name the line and use
/// wg(8)'s wording, except that key values are never echoed (they may be secrets).
/// </summary>
public static class WgConfigParser
{
    /// <summary>Parses <paramref name="text"/>. Host names in Endpoint are resolved with <paramref name="resolveHost"/> (default: DNS).</summary>
    /// <exception cref="WgConfigException">The text is not a valid configuration; the first problem is reported.</exception>
    public static WgConfig Parse(string text, Func<string, IPAddress?>? resolveHost = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        var state = new ParseState(resolveHost ?? ResolveWithDns);
        var lineNumber = 0;
        foreach (var rawLine in text.Split('\n'))
        {
            lineNumber++;
            var line = Clean(rawLine);
            if (line.Length > 0)
            {
                state.Line(line, lineNumber);
            }
        }

        return state.Finish();
    }

    /// <summary>wg(8)'s cleaning: cut at '#', drop every whitespace character (space, \t, \n, \v, \f, \r).</summary>
    internal static string Clean(string line)
    {
        var comment = line.IndexOf('#', StringComparison.Ordinal);
        var span = comment >= 0 ? line.AsSpan(0, comment) : line.AsSpan();
        var cleaned = new StringBuilder(span.Length);
        foreach (var c in span)
        {
            if (c is not (' ' or '\t' or '\n' or '\v' or '\f' or '\r'))
            {
                cleaned.Append(c);
            }
        }

        return cleaned.ToString();
    }

    /// <summary>Parses a ListenPort value (decimal 0-65535).</summary>
    internal static bool TryParsePort(string value, out int port) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out port) && port <= ushort.MaxValue && value.Length <= 5;

    /// <summary>Parses a FwMark value: "off", decimal, or 0x-prefixed hex, at most 0xffffffff.</summary>
    internal static bool TryParseFwMark(string value, out uint fwmark)
    {
        fwmark = 0;
        if (value.Equals("off", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        if (value.Length == 0 || value[0] is < '0' or > '9')
        {
            return false;
        }

        if (value.Length > 2 && value[0] == '0' && value[1] == 'x')
        {
            return uint.TryParse(value.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out fwmark);
        }

        return uint.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out fwmark);
    }

    /// <summary>Parses a PersistentKeepalive value: "off" or decimal 0-65535.</summary>
    internal static bool TryParseKeepalive(string value, out int seconds)
    {
        seconds = 0;
        if (value.Equals("off", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        return value.Length > 0 && value[0] is >= '0' and <= '9'
            && int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out seconds) && seconds <= ushort.MaxValue;
    }

    /// <summary>Parses a base64 key the way wg(8) does: 44 characters, canonical padding.</summary>
    public static bool TryParseKey(string value, out WireGuardKey key) =>
        WireGuardKey.TryFromBase64(value, out key) && string.Equals(key.ToBase64(), value, StringComparison.Ordinal);

    /// <summary>
    /// Parses an Endpoint value: <c>host:port</c> or <c>[v6]:port</c>; host names go through
    /// <paramref name="resolveHost"/>. Returns the wg(8) error text on failure.
    /// </summary>
    internal static IPEndPoint ParseEndpoint(string value, Func<string, IPAddress?> resolveHost, out string? error)
    {
        error = null;
        string host;
        string port;
        if (value.StartsWith('['))
        {
            var close = value.IndexOf(']', StringComparison.Ordinal);
            if (close < 0)
            {
                error = $"Unable to find matching brace of endpoint: `{value}'";
                return null!;
            }

            if (close + 1 >= value.Length || value[close + 1] != ':' || close + 2 >= value.Length)
            {
                error = $"Unable to find port of endpoint: `{value}'";
                return null!;
            }

            host = value[1..close];
            port = value[(close + 2)..];
        }
        else
        {
            var colon = value.LastIndexOf(':');
            if (colon < 0 || colon + 1 >= value.Length)
            {
                error = $"Unable to find port of endpoint: `{value}'";
                return null!;
            }

            host = value[..colon];
            port = value[(colon + 1)..];
        }

        if (!TryParsePort(port, out var portNumber))
        {
            error = $"Servname not supported for ai_socktype: `{value}'";
            return null!;
        }

        var address = InetAddressText.TryParseAddress(host, out var literal) ? literal : resolveHost(host);
        if (address is null)
        {
            error = $"Name or service not known: `{value}'";
            return null!;
        }

        return new IPEndPoint(address, portNumber);
    }

    /// <summary>Parses a comma-separated AllowedIPs value (whitespace already removed); errors name <paramref name="lineNumber"/>.</summary>
    internal static List<IPNetwork> ParseAllowedIPs(string value, int lineNumber)
    {
        var networks = new List<IPNetwork>();
        foreach (var entry in value.Split(','))
        {
            var slash = entry.IndexOf('/', StringComparison.Ordinal);
            var host = slash < 0 ? entry : entry[..slash];
            if (!InetAddressText.TryParseAddress(host, out _))
            {
                throw new WgConfigException(lineNumber, $"Unable to parse IP address: `{host}'");
            }

            if (!InetAddressText.TryParseNetwork(entry, out var network, out _))
            {
                throw new WgConfigException(lineNumber, $"AllowedIP is not in the correct format: `{entry}'");
            }

            networks.Add(network);
        }

        return networks;
    }

    private static IPAddress? ResolveWithDns(string host)
    {
        try
        {
            return Dns.GetHostAddresses(host).FirstOrDefault(a => a.AddressFamily is AddressFamily.InterNetwork or AddressFamily.InterNetworkV6);
        }
        catch (SocketException)
        {
            return null;
        }
    }

    private sealed class ParseState(Func<string, IPAddress?> resolveHost)
    {
        private readonly List<PeerState> _peers = [];
        private WireGuardKey? _privateKey;
        private int? _listenPort;
        private uint? _fwmark;
        private bool _inInterface;
        private PeerState? _peer;

        public void Line(string line, int lineNumber)
        {
            if (line.Equals("[Interface]", StringComparison.OrdinalIgnoreCase))
            {
                _inInterface = true;
                _peer = null;
                return;
            }

            if (line.Equals("[Peer]", StringComparison.OrdinalIgnoreCase))
            {
                _inInterface = false;
                _peer = new PeerState(lineNumber);
                _peers.Add(_peer);
                return;
            }

            if (_inInterface)
            {
                if (Value(line, "ListenPort=") is { } port)
                {
                    _listenPort = TryParsePort(port, out var p) ? p : throw Fail(lineNumber, $"Servname not supported for ai_socktype: `{port}'");
                }
                else if (Value(line, "FwMark=") is { } mark)
                {
                    _fwmark = TryParseFwMark(mark, out var m) ? m : throw Fail(lineNumber, $"Fwmark is neither 0/off nor 0-0xffffffff: `{mark}'");
                }
                else if (Value(line, "PrivateKey=") is { } key)
                {
                    _privateKey = TryParseKey(key, out var k) ? k : throw Fail(lineNumber, "Key is not the correct length or format");
                }
                else
                {
                    throw Unrecognized(line, lineNumber);
                }
            }
            else if (_peer is { } peer)
            {
                if (Value(line, "Endpoint=") is { } endpoint)
                {
                    peer.Endpoint = ParseEndpoint(endpoint, resolveHost, out var error);
                    if (error is not null)
                    {
                        throw Fail(lineNumber, error);
                    }
                }
                else if (Value(line, "PublicKey=") is { } publicKey)
                {
                    peer.PublicKey = TryParseKey(publicKey, out var k) ? k : throw Fail(lineNumber, $"Key is not the correct length or format: `{publicKey}'");
                }
                else if (Value(line, "AllowedIPs=") is { } allowed)
                {
                    peer.AllowedIPs.AddRange(ParseAllowedIPs(allowed, lineNumber));
                }
                else if (Value(line, "PersistentKeepalive=") is { } keepalive)
                {
                    peer.Keepalive = TryParseKeepalive(keepalive, out var s)
                        ? s
                        : throw Fail(lineNumber, $"Persistent keepalive interval is neither 0/off nor 1-65535: `{keepalive}'");
                }
                else if (Value(line, "PresharedKey=") is { } psk)
                {
                    peer.PresharedKey = TryParseKey(psk, out var k) ? k : throw Fail(lineNumber, "Key is not the correct length or format");
                }
                else
                {
                    throw Unrecognized(line, lineNumber);
                }
            }
            else
            {
                throw Unrecognized(line, lineNumber);
            }
        }

        public WgConfig Finish()
        {
            var peers = new List<WgConfigPeer>(_peers.Count);
            foreach (var peer in _peers)
            {
                if (peer.PublicKey is not { } publicKey)
                {
                    throw new WgConfigException(peer.LineNumber, "A peer is missing a public key");
                }

                peers.Add(new WgConfigPeer
                {
                    PublicKey = publicKey,
                    PresharedKey = peer.PresharedKey,
                    AllowedIPs = peer.AllowedIPs,
                    Endpoint = peer.Endpoint,
                    PersistentKeepalive = peer.Keepalive,
                });
            }

            return new WgConfig { PrivateKey = _privateKey, ListenPort = _listenPort, FirewallMark = _fwmark, Peers = peers };
        }

        // wg(8) matches "Key=" case-insensitively and requires a non-empty value after it.
        private static string? Value(string line, string keyWithEquals) =>
            line.Length > keyWithEquals.Length && line.StartsWith(keyWithEquals, StringComparison.OrdinalIgnoreCase)
                ? line[keyWithEquals.Length..]
                : null;

        private static WgConfigException Unrecognized(string line, int lineNumber)
        {
            // Never echo a line that may carry a secret.
            var secret = line.StartsWith("PrivateKey=", StringComparison.OrdinalIgnoreCase)
                || line.StartsWith("PresharedKey=", StringComparison.OrdinalIgnoreCase);
            var equals = line.IndexOf('=', StringComparison.Ordinal);
            var shown = secret && equals + 1 < line.Length ? line[..(equals + 1)] + "..." : line;
            return Fail(lineNumber, $"Line unrecognized: `{shown}'");
        }

        private static WgConfigException Fail(int lineNumber, string reason) => new(lineNumber, reason);
    }

    private sealed class PeerState(int lineNumber)
    {
        public int LineNumber { get; } = lineNumber;

        public WireGuardKey? PublicKey { get; set; }

        public WireGuardKey? PresharedKey { get; set; }

        public IPEndPoint? Endpoint { get; set; }

        public int? Keepalive { get; set; }

        public List<IPNetwork> AllowedIPs { get; } = [];
    }
}
