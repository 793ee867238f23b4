using System.Globalization;
using System.Net;
using MeshAgent.WireGuard.Text;

namespace MeshAgent.WireGuard.Userspace;

/// <summary>
/// Parses the reply to UAPI <c>get=1</c> (https://www.wireguard.com/xplatform/): <c>key=value</c> lines,
/// keys in hex, ending with <c>errno=N</c> and a blank line. Pure; unknown keys are ignored (newer
/// implementations add some). The device's public key is not in the reply: the caller derives it.
/// </summary>
internal static class UapiGetParser
{
    /// <summary>
    /// Parses <paramref name="reply"/> into a device named <paramref name="name"/> (PublicKey left null).
    /// </summary>
    /// <exception cref="WireGuardProtocolException">The text is not a well-formed reply.</exception>
    /// <exception cref="WireGuardException">The reply carries a non-zero errno.</exception>
    public static WireGuardDevice Parse(string name, ReadOnlySpan<char> reply)
    {
        WireGuardKey? privateKey = null;
        var listenPort = 0;
        uint fwmark = 0;
        var peers = new List<WireGuardPeer>();
        PeerBuilder? peer = null;
        int? errno = null;
        var lineNumber = 0;

        foreach (var range in reply.Split('\n'))
        {
            var line = reply[range];
            lineNumber++;
            if (line.IsEmpty)
            {
                // The blank line ends the reply; it must come right after errno.
                if (errno is null)
                {
                    throw Malformed(lineNumber, "blank line before errno");
                }

                break;
            }

            if (errno is not null)
            {
                throw Malformed(lineNumber, "data after errno");
            }

            var equals = line.IndexOf('=');
            if (equals <= 0)
            {
                throw Malformed(lineNumber, "no key=value");
            }

            var key = line[..equals];
            var value = line[(equals + 1)..];
            switch (key)
            {
                case "private_key" when peer is null:
                    var parsedPrivate = ParseKey(value, lineNumber);
                    privateKey = parsedPrivate.IsZero ? null : parsedPrivate;
                    break;
                case "listen_port" when peer is null:
                    listenPort = (int)ParseNumber(value, ushort.MaxValue, lineNumber);
                    break;
                case "fwmark" when peer is null:
                    fwmark = (uint)ParseNumber(value, uint.MaxValue, lineNumber);
                    break;
                case "public_key":
                    if (peer is not null)
                    {
                        peers.Add(peer.Build());
                    }

                    peer = new PeerBuilder(ParseKey(value, lineNumber));
                    break;
                case "preshared_key" when peer is not null:
                    var psk = ParseKey(value, lineNumber);
                    peer.PresharedKey = psk.IsZero ? null : psk;
                    break;
                case "endpoint" when peer is not null:
                    if (!InetAddressText.TryParseEndpoint(value, out var endpoint))
                    {
                        throw Malformed(lineNumber, "bad endpoint");
                    }

                    peer.Endpoint = endpoint;
                    break;
                case "persistent_keepalive_interval" when peer is not null:
                    peer.Keepalive = TimeSpan.FromSeconds(ParseNumber(value, ushort.MaxValue, lineNumber));
                    break;
                case "allowed_ip" when peer is not null:
                    if (!value.Contains('/') || !InetAddressText.TryParseNetwork(value, out var network, out _))
                    {
                        throw Malformed(lineNumber, "bad allowed_ip");
                    }

                    peer.AllowedIPs.Add(network);
                    break;
                case "last_handshake_time_sec" when peer is not null:
                    peer.HandshakeSeconds = (long)ParseNumber(value, long.MaxValue, lineNumber);
                    break;
                case "last_handshake_time_nsec" when peer is not null:
                    peer.HandshakeNanoseconds = (long)ParseNumber(value, long.MaxValue, lineNumber);
                    break;
                case "rx_bytes" when peer is not null:
                    peer.ReceiveBytes = (long)ParseNumber(value, long.MaxValue, lineNumber);
                    break;
                case "tx_bytes" when peer is not null:
                    peer.TransmitBytes = (long)ParseNumber(value, long.MaxValue, lineNumber);
                    break;
                case "protocol_version" when peer is not null:
                    peer.ProtocolVersion = (int)ParseNumber(value, int.MaxValue, lineNumber);
                    break;
                case "errno":
                    errno = ParseErrno(value, lineNumber);
                    break;
                default:
                    // Keys we do not know, or device keys after the first peer: ignored like wg(8) does.
                    break;
            }
        }

        if (errno is null)
        {
            throw new WireGuardProtocolException("UAPI reply ended without errno");
        }

        if (errno != 0)
        {
            throw UapiErrors.FromErrno("get", name, errno.Value);
        }

        if (peer is not null)
        {
            peers.Add(peer.Build());
        }

        return new WireGuardDevice(name, WireGuardBackendKind.Userspace, privateKey, null, listenPort, fwmark, peers);
    }

    /// <summary>Parses the <c>errno=N</c> value: an optional minus sign and decimal digits.</summary>
    internal static int ParseErrno(ReadOnlySpan<char> value, int lineNumber)
    {
        var negative = value.StartsWith('-');
        var digits = negative ? value[1..] : value;
        var number = ParseNumber(digits, int.MaxValue, lineNumber);
        return negative ? -(int)number : (int)number;
    }

    private static WireGuardKey ParseKey(ReadOnlySpan<char> value, int lineNumber)
    {
        Span<byte> bytes = stackalloc byte[WireGuardKey.Length];
        if (value.Length != WireGuardKey.Length * 2
            || Convert.FromHexString(value, bytes, out _, out var written) != System.Buffers.OperationStatus.Done
            || written != WireGuardKey.Length)
        {
            throw Malformed(lineNumber, "bad key");
        }

        return new WireGuardKey(bytes);
    }

    private static ulong ParseNumber(ReadOnlySpan<char> value, ulong maximum, int lineNumber)
    {
        if (value.IsEmpty || value.Length > 20 || value.ContainsAnyExceptInRange('0', '9')
            || !ulong.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number)
            || number > maximum)
        {
            throw Malformed(lineNumber, "bad number");
        }

        return number;
    }

    private static WireGuardProtocolException Malformed(int lineNumber, string what) =>
        new($"Malformed UAPI reply at line {lineNumber}: {what}");

    private sealed class PeerBuilder(WireGuardKey publicKey)
    {
        public WireGuardKey? PresharedKey { get; set; }

        public IPEndPoint? Endpoint { get; set; }

        public TimeSpan Keepalive { get; set; }

        public long HandshakeSeconds { get; set; }

        public long HandshakeNanoseconds { get; set; }

        public long ReceiveBytes { get; set; }

        public long TransmitBytes { get; set; }

        public int ProtocolVersion { get; set; } = 1;

        public List<IPNetwork> AllowedIPs { get; } = [];

        public WireGuardPeer Build()
        {
            DateTimeOffset? handshake = null;
            if (HandshakeSeconds != 0 || HandshakeNanoseconds != 0)
            {
                // Clamp absurd values instead of throwing: the counters come from another process.
                var seconds = Math.Min(HandshakeSeconds, DateTimeOffset.MaxValue.ToUnixTimeSeconds() - 1);
                handshake = DateTimeOffset.FromUnixTimeSeconds(seconds)
                    .AddTicks(Math.Min(HandshakeNanoseconds, 999_999_999) / 100);
            }

            return new WireGuardPeer(publicKey, PresharedKey, Endpoint, Keepalive, handshake, ReceiveBytes, TransmitBytes,
                AllowedIPs, ProtocolVersion);
        }
    }
}
