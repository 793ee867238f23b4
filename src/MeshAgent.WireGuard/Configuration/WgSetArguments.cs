using System.Net;

namespace MeshAgent.WireGuard.Configuration;

/// <summary>
/// Parses the argument list of <c>wg set IFACE ...</c> (listen-port, fwmark, private-key FILE, peer KEY
/// [remove] [preshared-key FILE] [endpoint HOST:PORT] [persistent-keepalive N|off] [allowed-ips LIST])
/// into the <see cref="DeviceConfig"/> wg(8) would send. Key files are read through
/// <paramref name="readKeyFile"/> so that parsing stays testable.
/// </summary>
public static class WgSetArguments
{
    /// <summary>Parses <paramref name="arguments"/> (everything after the interface name).</summary>
    /// <exception cref="WgConfigException">An argument is invalid; the message is worded as wg(8) words it.</exception>
    public static DeviceConfig Parse(IReadOnlyList<string> arguments, Func<string, string> readKeyFile,
        Func<string, IPAddress?>? resolveHost = null)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        ArgumentNullException.ThrowIfNull(readKeyFile);
        WireGuardKey? privateKey = null;
        int? listenPort = null;
        uint? fwmark = null;
        var peers = new List<PeerConfig>();
        PeerConfig? peer = null;
        var i = 0;
        bool Has(int count) => arguments.Count - i >= count;

        while (i < arguments.Count)
        {
            var name = arguments[i];
            if (name == "listen-port" && Has(2) && peer is null)
            {
                listenPort = WgConfigParser.TryParsePort(arguments[i + 1], out var port)
                    ? port
                    : throw new WgConfigException($"Servname not supported for ai_socktype: `{arguments[i + 1]}'");
                i += 2;
            }
            else if (name == "fwmark" && Has(2) && peer is null)
            {
                fwmark = WgConfigParser.TryParseFwMark(arguments[i + 1], out var mark)
                    ? mark
                    : throw new WgConfigException($"Fwmark is neither 0/off nor 0-0xffffffff: `{arguments[i + 1]}'");
                i += 2;
            }
            else if (name == "private-key" && Has(2) && peer is null)
            {
                privateKey = ReadKeyFile(readKeyFile, arguments[i + 1]);
                i += 2;
            }
            else if (name == "peer" && Has(2))
            {
                if (peer is not null)
                {
                    peers.Add(peer);
                }

                peer = new PeerConfig
                {
                    PublicKey = WgConfigParser.TryParseKey(arguments[i + 1], out var key)
                        ? key
                        : throw new WgConfigException($"Key is not the correct length or format: `{arguments[i + 1]}'"),
                };
                i += 2;
            }
            else if (name == "remove" && peer is not null)
            {
                peer = peer with { Remove = true };
                i += 1;
            }
            else if (name == "endpoint" && Has(2) && peer is not null)
            {
                var endpoint = WgConfigParser.ParseEndpoint(arguments[i + 1], resolveHost ?? (_ => null), out var error);
                peer = error is null ? peer with { Endpoint = endpoint } : throw new WgConfigException(error);
                i += 2;
            }
            else if (name == "allowed-ips" && Has(2) && peer is not null)
            {
                // wg(8) strips whitespace; an empty list clears the peer's allowed IPs.
                var text = string.Concat(arguments[i + 1].Where(c => c is not (' ' or '\t' or '\n' or '\v' or '\f' or '\r')));
                var parsed = text.Length == 0 ? [] : WgConfigParser.ParseAllowedIPs(text, 0);
                peer = peer with { ReplaceAllowedIPs = true, AllowedIPs = parsed };
                i += 2;
            }
            else if (name == "persistent-keepalive" && Has(2) && peer is not null)
            {
                peer = WgConfigParser.TryParseKeepalive(arguments[i + 1], out var seconds)
                    ? peer with { PersistentKeepalive = TimeSpan.FromSeconds(seconds) }
                    : throw new WgConfigException($"Persistent keepalive interval is neither 0/off nor 1-65535: `{arguments[i + 1]}'");
                i += 2;
            }
            else if (name == "preshared-key" && Has(2) && peer is not null)
            {
                peer = peer with { PresharedKey = ReadKeyFile(readKeyFile, arguments[i + 1]) };
                i += 2;
            }
            else
            {
                throw new WgConfigException($"Invalid argument: {name}");
            }
        }

        if (peer is not null)
        {
            peers.Add(peer);
        }

        return new DeviceConfig { PrivateKey = privateKey, ListenPort = listenPort, FirewallMark = fwmark, Peers = peers };
    }

    /// <summary>
    /// A key file as wg(8) reads it: 44 base64 characters then only whitespace; an empty file (or
    /// /dev/null) is the all-zero key, which removes the key.
    /// </summary>
    public static WireGuardKey ParseKeyFile(string content)
    {
        ArgumentNullException.ThrowIfNull(content);
        if (content.Length == 0)
        {
            return default;
        }

        if (content.Length < 44)
        {
            throw new WgConfigException("Invalid length key in key file");
        }

        foreach (var c in content.AsSpan(44))
        {
            if (c is not (' ' or '\t' or '\n' or '\v' or '\f' or '\r'))
            {
                throw new WgConfigException($"Found trailing character in key file: `{c}'");
            }
        }

        return WgConfigParser.TryParseKey(content[..44], out var key) ? key : throw new WgConfigException("Key is not the correct length or format");
    }

    private static WireGuardKey ReadKeyFile(Func<string, string> readKeyFile, string path) => ParseKeyFile(readKeyFile(path));
}
