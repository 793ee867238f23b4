using System.Buffers.Binary;
using System.Net;
using System.Security.Cryptography;

namespace MeshAgent.WireGuard.KernelTests;

/// <summary>Deterministic peers with distinct keys and non-overlapping allowed IPs.</summary>
internal static class TestPeers
{
    public static WireGuardKey Key(int seed, byte kind = 1)
    {
        var bytes = new byte[WireGuardKey.Length];
        bytes[0] = kind;
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(1), seed);
        bytes[31] = 0x40;
        return new WireGuardKey(bytes);
    }

    /// <summary>A random private key, already clamped as curve25519 requires (the kernel stores and reports it clamped).</summary>
    public static WireGuardKey RandomPrivateKey()
    {
        var bytes = RandomNumberGenerator.GetBytes(WireGuardKey.Length);
        bytes[0] &= 248;
        bytes[31] = (byte)((bytes[31] & 127) | 64);
        return new WireGuardKey(bytes);
    }

    /// <summary>Peer i with <paramref name="count"/> /32s from 10.0.0.0/8 starting at i*count, plus one /128.</summary>
    public static PeerConfig Peer(int i, int count = 1) => new()
    {
        PublicKey = Key(i),
        Endpoint = new IPEndPoint(new IPAddress(new byte[] { 192, 0, 2, (byte)(1 + (i % 250)) }), 40000 + (i % 20000)),
        PersistentKeepalive = TimeSpan.FromSeconds(25),
        AllowedIPs = [.. V4Range(10, i * count, count), V6(i)],
    };

    public static IEnumerable<IPNetwork> V4Range(byte first, int start, int count) =>
        Enumerable.Range(start, count).Select(n => new IPNetwork(new IPAddress(new[] { first, (byte)(n >> 16), (byte)(n >> 8), (byte)n }), 32));

    public static IPNetwork V6(int i)
    {
        var bytes = new byte[16];
        bytes[0] = 0xfd;
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(12), i);
        return new IPNetwork(new IPAddress(bytes), 128);
    }

    public static IEnumerable<string> Sorted(IEnumerable<IPNetwork> networks) => networks.Select(n => n.ToString()).Order(StringComparer.Ordinal);
}
