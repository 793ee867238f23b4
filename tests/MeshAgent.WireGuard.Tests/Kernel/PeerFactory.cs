using System.Buffers.Binary;
using System.Net;

namespace MeshAgent.WireGuard.Tests.Kernel;

/// <summary>Deterministic test peers: distinct keys, 10.x /32s, optional IPv6 /128s.</summary>
internal static class PeerFactory
{
    public static WireGuardKey Key(int seed, byte kind = 1)
    {
        var bytes = new byte[WireGuardKey.Length];
        bytes[0] = kind;
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(1), seed);
        bytes[31] = 0x40;
        return new WireGuardKey(bytes);
    }

    public static PeerConfig Peer(int i, int allowedIps = 1, bool withV6 = false)
    {
        var networks = new List<IPNetwork>();
        for (var k = 0; k < allowedIps; k++)
        {
            var n = (i * allowedIps) + k;
            networks.Add(new IPNetwork(new IPAddress(new byte[] { 10, (byte)(n >> 16), (byte)(n >> 8), (byte)n }), 32));
        }

        if (withV6)
        {
            var v6 = new byte[16];
            v6[0] = 0xfd;
            BinaryPrimitives.WriteInt32BigEndian(v6.AsSpan(12), i);
            networks.Add(new IPNetwork(new IPAddress(v6), 128));
        }

        return new PeerConfig
        {
            PublicKey = Key(i),
            Endpoint = new IPEndPoint(new IPAddress(new byte[] { 192, 0, 2, (byte)(1 + (i % 250)) }), 51820 + (i % 1000)),
            PersistentKeepalive = TimeSpan.FromSeconds(25),
            AllowedIPs = networks,
        };
    }
}
