using System.Net;
using MeshAgent.Netlink;
using MeshAgent.WireGuard.Kernel;

namespace MeshAgent.WireGuard.Tests.Kernel;

public sealed class DeviceDumpParserTests
{
    [Test]
    public void Parse_PeerContinuedInNextMessage_CoalescesAllowedIpsAndKeepsOrder()
    {
        // The kernel's dump shape (drivers/net/wireguard/netlink.c): device attributes in the first
        // message only; a peer cut off by a full skb reappears in the next message with just its
        // public key and the remaining allowed IPs.
        var first = Message(m =>
        {
            m.AddU32(WireGuardGenl.DeviceIfIndex, 5);
            m.AddString(WireGuardGenl.DeviceIfName, "wg0");
            m.AddU16(WireGuardGenl.DeviceListenPort, 51820);
            m.AddU32(WireGuardGenl.DeviceFwmark, 0);
            var peers = m.BeginNested(WireGuardGenl.DevicePeers);
            Peer(m, 0, PeerFactory.Key(1), full: true, "10.0.0.1", "10.0.0.2");
            Peer(m, 1, PeerFactory.Key(2), full: true, "10.0.1.1");
            m.EndNested(peers);
        });
        var second = Message(m =>
        {
            m.AddU32(WireGuardGenl.DeviceIfIndex, 5);
            m.AddString(WireGuardGenl.DeviceIfName, "wg0");
            var peers = m.BeginNested(WireGuardGenl.DevicePeers);
            Peer(m, 0, PeerFactory.Key(2), full: false, "10.0.1.2", "10.0.1.3");
            Peer(m, 1, PeerFactory.Key(3), full: true);
            m.EndNested(peers);
        });

        var device = DeviceDumpParser.Parse("wg0", [first, second]);

        Assert.That(device.ListenPort, Is.EqualTo(51820));
        Assert.That(device.Peers.Select(p => p.PublicKey), Is.EqualTo(new[] { PeerFactory.Key(1), PeerFactory.Key(2), PeerFactory.Key(3) }));
        Assert.That(device.Peers[1].AllowedIPs.Select(n => n.ToString()), Is.EqualTo(new[] { "10.0.1.1/32", "10.0.1.2/32", "10.0.1.3/32" }));
        Assert.That(device.Peers[1].Endpoint, Is.EqualTo(IPEndPoint.Parse("192.0.2.9:51820")));
        Assert.That(device.Peers[1].LastHandshake, Is.EqualTo(DateTimeOffset.FromUnixTimeSeconds(1_700_000_000)));
        Assert.That((device.Peers[1].ReceiveBytes, device.Peers[1].TransmitBytes), Is.EqualTo((100L, 200L)));
    }

    [Test]
    [CancelAfter(60_000)]
    public void Parse_MutatedMessages_ThrowsOnlyNetlinkFormatException()
    {
        var config = new DeviceConfig
        {
            PrivateKey = PeerFactory.Key(5, kind: 9),
            Peers = Enumerable.Range(0, 12).Select(i => PeerFactory.Peer(i, allowedIps: 3, withV6: true) with { PresharedKey = PeerFactory.Key(i, kind: 3) }).ToList(),
        };
        var seed = SetDevicePacker.Pack(0x1d, "wg0", config).Single().ToArray(1);
        var random = new Random(61);
        var rejected = 0;
        for (var i = 0; i < 100_000; i++)
        {
            var data = (byte[])seed.Clone();
            for (var k = random.Next(1, 4); k > 0; k--)
            {
                data[random.Next(data.Length)] = (byte)random.Next(256);
            }

            if (random.Next(4) == 0)
            {
                Array.Resize(ref data, random.Next(data.Length));
            }

            try
            {
                DeviceDumpParser.Parse("wg0", NetlinkMessage.ParseDatagram(data));
            }
            catch (NetlinkFormatException)
            {
                rejected++;
            }
        }

        Assert.That(rejected, Is.InRange(1_000, 99_000));
    }

    private static NetlinkMessage Message(Action<NetlinkMessageBuilder> body)
    {
        var builder = new NetlinkMessageBuilder(0x1d, NetlinkMessageFlags.Multi);
        builder.AddGenericHeader(WireGuardGenl.CommandGetDevice, WireGuardGenl.Version);
        body(builder);
        return NetlinkMessage.ParseDatagram(builder.ToArray(1)).Single();
    }

    private static void Peer(NetlinkMessageBuilder m, ushort index, WireGuardKey key, bool full, params string[] ips)
    {
        var peer = m.BeginNested(index);
        m.AddBytes(WireGuardGenl.PeerPublicKey, key.Bytes);
        if (full)
        {
            m.AddBytes(WireGuardGenl.PeerPresharedKey, new byte[32]);
            var timespec = new byte[16];
            BitConverter.TryWriteBytes(timespec, 1_700_000_000L);
            m.AddBytes(WireGuardGenl.PeerLastHandshake, timespec);
            m.AddU16(WireGuardGenl.PeerPersistentKeepalive, 0);
            m.AddU64(WireGuardGenl.PeerRxBytes, 100);
            m.AddU64(WireGuardGenl.PeerTxBytes, 200);
            m.AddU32(WireGuardGenl.PeerProtocolVersion, 1);
            m.AddBytes(WireGuardGenl.PeerEndpoint, SetDevicePacker.EncodeSockaddr(IPEndPoint.Parse("192.0.2.9:51820")));
        }

        if (ips.Length > 0)
        {
            var list = m.BeginNested(WireGuardGenl.PeerAllowedIps);
            for (var i = 0; i < ips.Length; i++)
            {
                var entry = m.BeginNested((ushort)i);
                m.AddU16(WireGuardGenl.AllowedIpFamily, WireGuardGenl.AF_INET);
                m.AddBytes(WireGuardGenl.AllowedIpAddress, IPAddress.Parse(ips[i]).GetAddressBytes());
                m.AddU8(WireGuardGenl.AllowedIpCidrMask, 32);
                m.EndNested(entry);
            }

            m.EndNested(list);
        }

        m.EndNested(peer);
    }
}
