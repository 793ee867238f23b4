using MeshAgent.Netlink;
using MeshAgent.WireGuard.Kernel;

namespace MeshAgent.WireGuard.Tests.Kernel;

public sealed class SetDevicePackerTests
{
    private const ushort FamilyId = 0x1d;

    // wg(8) fills one MNL_SOCKET_BUFFER_SIZE (4 KiB) message per batch of peers (ANCHORS.md: ~37 peers).
    private const int WgToolPeersPerMessage = 37;

    [TestCase(1_000, 1, false)]
    [TestCase(10_000, 1, false)]
    [TestCase(1_000, 1, true)]
    [TestCase(10_000, 1, true)]
    public void Pack_ManyPeers_FewMessagesEachWithinLimitsAndCompleteOnReadBack(int peers, int allowedIps, bool withV6)
    {
        var config = new DeviceConfig
        {
            PrivateKey = PeerFactory.Key(0, kind: 9),
            ListenPort = 51820,
            ReplacePeers = true,
            Peers = Enumerable.Range(1, peers).Select(i => PeerFactory.Peer(i, allowedIps, withV6)).ToList(),
        };

        var builders = SetDevicePacker.Pack(FamilyId, "wg0", config);
        var messages = SetMessageDecoder.Serialize(builders);
        var decoded = SetMessageDecoder.Decode(messages);

        TestContext.Out.WriteLine(
            $"{peers} peers ({allowedIps} v4{(withV6 ? " + 1 v6" : string.Empty)} allowed IP, endpoint, keepalive): {builders.Count} messages, "
            + $"{(double)peers / builders.Count:F0} peers/message, largest {decoded.Max(m => m.Length)} B; "
            + $"wg(8) ~{(peers + WgToolPeersPerMessage - 1) / WgToolPeersPerMessage}, wgctrl-go {peers}");
        Assert.That(builders, Has.Count.LessThan(peers / WgToolPeersPerMessage));
        Assert.That(decoded.Select(m => m.Length), Has.All.LessThanOrEqualTo(SetDevicePacker.MaximumMessageBytes));
        Assert.That(decoded[0].DeviceFlags, Is.EqualTo(WireGuardGenl.DeviceFlagReplacePeers));
        Assert.That(decoded[0].HasPrivateKey, Is.True);
        Assert.That(decoded.Skip(1).Select(m => (m.DeviceFlags, m.HasPrivateKey)), Has.All.EqualTo((0u, false)));
        var readBack = DeviceDumpParser.Parse("wg0", messages);
        Assert.That(readBack.Peers.Select(p => p.PublicKey), Is.EqualTo(config.Peers.Select(p => p.PublicKey)));
        Assert.That(readBack.Peers.Select(p => p.AllowedIPs), Is.EqualTo(config.Peers.Select(p => p.AllowedIPs)));
        Assert.That(readBack.Peers.Select(p => p.Endpoint), Is.EqualTo(config.Peers.Select(p => p.Endpoint)));
    }

    [Test]
    public void Pack_PeerWithMoreAllowedIpsThanFit_SplitsWithReplaceOnlyInFirstFragment()
    {
        var big = PeerFactory.Peer(1, allowedIps: 5_000) with { ReplaceAllowedIPs = true };
        var config = new DeviceConfig { Peers = [PeerFactory.Peer(0), big, PeerFactory.Peer(2)] };

        var messages = SetMessageDecoder.Serialize(SetDevicePacker.Pack(FamilyId, "wg0", config));
        var fragments = SetMessageDecoder.Decode(messages).SelectMany(m => m.Fragments).Where(f => f.Key == big.PublicKey).ToList();

        Assert.That(fragments, Has.Count.GreaterThan(1));
        Assert.That(fragments[0].Flags, Is.EqualTo(WireGuardGenl.PeerFlagReplaceAllowedIps));
        Assert.That(fragments[0].HasEndpoint, Is.True);
        Assert.That(fragments.Skip(1).Select(f => (f.Flags, f.HasEndpoint)), Has.All.EqualTo((WireGuardGenl.PeerFlagUpdateOnly, false)));
        Assert.That(fragments.Sum(f => f.AllowedIps), Is.EqualTo(5_000));
        var readBack = DeviceDumpParser.Parse("wg0", messages);
        Assert.That(readBack.Peers.Single(p => p.PublicKey == big.PublicKey).AllowedIPs, Is.EqualTo(big.AllowedIPs));
        Assert.That(readBack.Peers, Has.Count.EqualTo(3));
    }

    [Test]
    public void Pack_SmallLimit_SplitsPeersAndAllowedIpsAcrossManyMessages()
    {
        var config = new DeviceConfig
        {
            ReplacePeers = true,
            Peers = Enumerable.Range(0, 50).Select(i => PeerFactory.Peer(i, allowedIps: 1 + (i % 7) * 10)).ToList(),
        };

        var messages = SetMessageDecoder.Serialize(SetDevicePacker.Pack(FamilyId, "wg0", config, maximumMessageBytes: 1024));
        var decoded = SetMessageDecoder.Decode(messages);

        Assert.That(decoded.Select(m => m.Length), Has.All.LessThanOrEqualTo(1024));
        Assert.That(decoded.Count(m => m.DeviceFlags != 0), Is.EqualTo(1));
        var readBack = DeviceDumpParser.Parse("wg0", messages);
        Assert.That(readBack.Peers.Select(p => p.AllowedIPs), Is.EqualTo(config.Peers.Select(p => p.AllowedIPs)));
    }

    [Test]
    public void Pack_RemoveAndUpdateOnly_SetsFlagsAndOmitsRemovedPeersFields()
    {
        var config = new DeviceConfig
        {
            Peers =
            [
                PeerFactory.Peer(1) with { Remove = true },
                PeerFactory.Peer(2) with { UpdateOnly = true },
            ],
        };

        var fragments = SetMessageDecoder.Decode(SetMessageDecoder.Serialize(SetDevicePacker.Pack(FamilyId, "wg0", config))).Single().Fragments;

        Assert.That(fragments[0], Is.EqualTo(new SetMessageDecoder.Fragment(PeerFactory.Key(1), WireGuardGenl.PeerFlagRemoveMe, 0, false)));
        Assert.That(fragments[1], Is.EqualTo(new SetMessageDecoder.Fragment(PeerFactory.Key(2), WireGuardGenl.PeerFlagUpdateOnly, 1, true)));
    }

    [Test]
    public void Pack_NoPeersReplace_OneMessageWithFlagAndNoPeersNest()
    {
        var messages = SetDevicePacker.Pack(FamilyId, "wg0", new DeviceConfig { ReplacePeers = true, FirewallMark = 7 });

        var message = NetlinkMessage.ParseDatagram(messages.Single().ToArray(1)).Single();
        var types = new List<ushort>();
        foreach (var attribute in message.Attributes(4))
        {
            types.Add(attribute.Type);
        }

        Assert.That(types, Is.EqualTo(new[] { WireGuardGenl.DeviceIfName, WireGuardGenl.DeviceFlags, WireGuardGenl.DeviceFwmark }));
    }

    [Test]
    public void Pack_LimitBelowOnePeer_ThrowsArgumentException()
    {
        var config = new DeviceConfig { Peers = [PeerFactory.Peer(1)] };

        Assert.Throws<ArgumentException>(() => SetDevicePacker.Pack(FamilyId, "wg0", config, maximumMessageBytes: 80));
    }
}
