using System.Buffers.Binary;
using System.Net;
using MeshAgent.Netlink;

namespace MeshAgent.WireGuard.Kernel;

/// <summary>
/// Coalesces the NLM_F_MULTI messages of one WG_CMD_GET_DEVICE dump into a <see cref="WireGuardDevice"/>.
/// The kernel puts the device attributes in the first message only and may split the peer list and a
/// single peer's allowed IPs across messages (a continued peer repeats only its public key), so peers
/// are merged by public key in first-seen order. Pure and thread-safe.
/// </summary>
internal static class DeviceDumpParser
{
    /// <summary>Parses and coalesces the dump.</summary>
    /// <exception cref="NetlinkFormatException">A message or attribute is malformed.</exception>
    public static WireGuardDevice Parse(string name, IEnumerable<NetlinkMessage> messages)
    {
        ArgumentNullException.ThrowIfNull(messages);
        WireGuardKey? privateKey = null;
        WireGuardKey? publicKey = null;
        var port = 0;
        uint fwmark = 0;
        var peers = new Dictionary<WireGuardKey, PeerAccumulator>();
        var order = new List<PeerAccumulator>();
        foreach (var message in messages)
        {
            foreach (var attribute in message.Attributes(4))
            {
                switch (attribute.Type)
                {
                    case WireGuardGenl.DevicePrivateKey:
                        privateKey = NonZeroKey(attribute);
                        break;
                    case WireGuardGenl.DevicePublicKey:
                        publicKey = NonZeroKey(attribute);
                        break;
                    case WireGuardGenl.DeviceListenPort:
                        port = attribute.GetU16();
                        break;
                    case WireGuardGenl.DeviceFwmark:
                        fwmark = attribute.GetU32();
                        break;
                    case WireGuardGenl.DevicePeers:
                        foreach (var peerAttribute in attribute.Nested)
                        {
                            ParsePeer(peerAttribute.Nested, peers, order);
                        }

                        break;
                }
            }
        }

        return new WireGuardDevice(name, WireGuardBackendKind.Kernel, privateKey, publicKey, port, fwmark, order.Select(p => p.ToPeer()).ToList());
    }

    private static void ParsePeer(NetlinkAttributeReader reader, Dictionary<WireGuardKey, PeerAccumulator> peers, List<PeerAccumulator> order)
    {
        var fields = new PeerAccumulator();
        WireGuardKey? key = null;
        foreach (var attribute in reader)
        {
            switch (attribute.Type)
            {
                case WireGuardGenl.PeerPublicKey:
                    key = new WireGuardKey(attribute.Exact(WireGuardKey.Length));
                    break;
                case WireGuardGenl.PeerPresharedKey:
                    fields.PresharedKey = NonZeroKey(attribute);
                    break;
                case WireGuardGenl.PeerEndpoint:
                    fields.Endpoint = DecodeSockaddr(attribute.Payload);
                    break;
                case WireGuardGenl.PeerPersistentKeepalive:
                    fields.Keepalive = TimeSpan.FromSeconds(attribute.GetU16());
                    break;
                case WireGuardGenl.PeerLastHandshake:
                    fields.LastHandshake = DecodeTimespec(attribute.Exact(16));
                    break;
                case WireGuardGenl.PeerRxBytes:
                    fields.ReceiveBytes = (long)attribute.GetU64();
                    break;
                case WireGuardGenl.PeerTxBytes:
                    fields.TransmitBytes = (long)attribute.GetU64();
                    break;
                case WireGuardGenl.PeerProtocolVersion:
                    fields.ProtocolVersion = (int)attribute.GetU32();
                    break;
                case WireGuardGenl.PeerAllowedIps:
                    foreach (var entry in attribute.Nested)
                    {
                        fields.AllowedIps.Add(ParseAllowedIp(entry.Nested));
                    }

                    break;
            }
        }

        if (key is not { } publicKey)
        {
            throw new NetlinkFormatException("WireGuard peer without WGPEER_A_PUBLIC_KEY.");
        }

        if (peers.TryGetValue(publicKey, out var existing))
        {
            // A continuation of a peer split across messages: only more allowed IPs.
            existing.AllowedIps.AddRange(fields.AllowedIps);
            return;
        }

        fields.PublicKey = publicKey;
        peers.Add(publicKey, fields);
        order.Add(fields);
    }

    private static IPNetwork ParseAllowedIp(NetlinkAttributeReader reader)
    {
        IPAddress? address = null;
        int? cidr = null;
        foreach (var attribute in reader)
        {
            if (attribute.Type == WireGuardGenl.AllowedIpAddress)
            {
                address = attribute.GetAddress();
            }
            else if (attribute.Type == WireGuardGenl.AllowedIpCidrMask)
            {
                cidr = attribute.GetU8();
            }
        }

        if (address is null || cidr is null || cidr > (address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128))
        {
            throw new NetlinkFormatException("WireGuard allowed IP without a valid address and mask.");
        }

        try
        {
            return new IPNetwork(address, cidr.Value);
        }
        catch (ArgumentException e)
        {
            throw new NetlinkFormatException($"WireGuard allowed IP {address}/{cidr} has host bits set.", e);
        }
    }

    private static WireGuardKey? NonZeroKey(NetlinkAttributeView attribute)
    {
        var key = new WireGuardKey(attribute.Exact(WireGuardKey.Length));
        return key.IsZero ? null : key;
    }

    /// <summary>sockaddr_in / sockaddr_in6 as the kernel reports an endpoint; null for AF_UNSPEC.</summary>
    internal static IPEndPoint? DecodeSockaddr(ReadOnlySpan<byte> payload)
    {
        if (payload.Length < 2)
        {
            throw new NetlinkFormatException("Endpoint shorter than a sockaddr family.");
        }

        var family = BinaryPrimitives.ReadUInt16LittleEndian(payload);
        if (family == WireGuardGenl.AF_INET && payload.Length >= 8)
        {
            return new IPEndPoint(new IPAddress(payload.Slice(4, 4)), BinaryPrimitives.ReadUInt16BigEndian(payload[2..]));
        }

        if (family == WireGuardGenl.AF_INET6 && payload.Length >= 28)
        {
            var address = new IPAddress(payload.Slice(8, 16), BinaryPrimitives.ReadUInt32LittleEndian(payload[24..]));
            return new IPEndPoint(address, BinaryPrimitives.ReadUInt16BigEndian(payload[2..]));
        }

        if (family == 0)
        {
            return null;
        }

        throw new NetlinkFormatException($"Endpoint of family {family} with {payload.Length} bytes.");
    }

    private static DateTimeOffset? DecodeTimespec(ReadOnlySpan<byte> payload)
    {
        var seconds = BinaryPrimitives.ReadInt64LittleEndian(payload);
        var nanoseconds = BinaryPrimitives.ReadInt64LittleEndian(payload[8..]);
        if (seconds == 0 && nanoseconds == 0)
        {
            return null;
        }

        if (seconds is < 0 or > 253402300799 || nanoseconds is < 0 or >= 1_000_000_000)
        {
            throw new NetlinkFormatException($"Handshake time {seconds}.{nanoseconds} out of range.");
        }

        return DateTimeOffset.FromUnixTimeSeconds(seconds).AddTicks(nanoseconds / 100);
    }

    private sealed class PeerAccumulator
    {
        public WireGuardKey PublicKey { get; set; }

        public WireGuardKey? PresharedKey { get; set; }

        public IPEndPoint? Endpoint { get; set; }

        public TimeSpan Keepalive { get; set; }

        public DateTimeOffset? LastHandshake { get; set; }

        public long ReceiveBytes { get; set; }

        public long TransmitBytes { get; set; }

        public int ProtocolVersion { get; set; } = 1;

        public List<IPNetwork> AllowedIps { get; } = [];

        public WireGuardPeer ToPeer() =>
            new(PublicKey, PresharedKey, Endpoint, Keepalive, LastHandshake, ReceiveBytes, TransmitBytes, AllowedIps, ProtocolVersion);
    }
}
