using System.Net;
using MeshAgent.Interop;
using MeshAgent.Netlink.Generic;
using MeshAgent.Netlink.Route;

namespace MeshAgent.Netlink.Tests;

public sealed class CodecFixtureTests
{
    private static readonly string[] LinkOrderA = ["lo", "peer0", "dummy0"];
    private static readonly string[] LinkOrderB = ["lo", "dummy0", "peer0"];
    private static readonly string[] ExpectedAddresses = ["127.0.0.1/8", "192.0.2.7/24", "2001:db8::7/64", "::1/128"];

    [Test]
    public void ParseLink_CapturedDump_FindsLoAndVethWithMtuAndKind()
    {
        var messages = Fixture.Messages("rtm_getlink_dump");

        var links = messages.Where(m => m.Header.Type == 16).Select(RouteNetlinkClient.ParseLink).ToList();

        Assert.That(messages.Last().Header.Type, Is.EqualTo(NetlinkMessageType.Done));
        Assert.That(messages.Where(m => m.Header.Type == 16).All(m => (m.Header.Flags & NetlinkMessageFlags.Multi) != 0), Is.True);
        Assert.That(links.Select(l => l.Name), Is.EqualTo(LinkOrderA).Or.EqualTo(LinkOrderB));
        var lo = links.Single(l => l.Name == "lo");
        Assert.That((lo.Index, lo.Kind, lo.Mtu, lo.IsUp), Is.EqualTo((1, (string?)null, 65536, true)));
        var veth = links.Single(l => l.Name == "dummy0");
        Assert.That((veth.Kind, veth.Mtu, veth.IsUp), Is.EqualTo(("veth", 1400, true)));
    }

    [Test]
    public void ParseAddress_CapturedDump_ReturnsV4AndV6WithPrefixes()
    {
        var addresses = Fixture.Messages("rtm_getaddr_dump").Where(m => m.Header.Type == 20).Select(RouteNetlinkClient.ParseAddress).ToList();

        Assert.That(addresses.Select(a => a.Address.ToString()), Is.SupersetOf(ExpectedAddresses));
    }

    [Test]
    public void ParseRoute_CapturedV4Dump_ReturnsConnectedRouteInMainTable()
    {
        var routes = Fixture.Messages("rtm_getroute_v4_dump").Where(m => m.Header.Type == 24)
            .Select(RouteNetlinkClient.ParseRoute).OfType<RouteEntry>().ToList();

        Assert.That(routes.Any(r => r.Destination == IPNetwork.Parse("192.0.2.0/24") && r.Table == RouteEntry.MainTable && r.Gateway is null), Is.True);
    }

    [Test]
    public void ParseError_CapturedUnknownKind_ReturnsEopnotsuppWithExtendedAck()
    {
        var message = Fixture.Messages("rtm_newlink_wireguard_eopnotsupp").Single();

        var error = NetlinkError.Parse(message);

        Assert.That(message.Header.Flags & (NetlinkMessageFlags.Capped | NetlinkMessageFlags.AckTlvs), Is.EqualTo(NetlinkMessageFlags.Capped | NetlinkMessageFlags.AckTlvs));
        Assert.That(error.Errno, Is.EqualTo(Errno.EOPNOTSUPP));
        Assert.That(error.Message, Is.EqualTo("Unknown device type"));
    }

    [Test]
    public void ParseFamily_CapturedNlctrl_ReturnsIdVersionAndNotifyGroup()
    {
        var message = Fixture.Messages("ctrl_getfamily_nlctrl").First(m => m.Header.Type == GenericNetlinkController.ControllerId);

        var family = GenericNetlinkController.Parse(message);

        Assert.That((family.Name, family.Id), Is.EqualTo(("nlctrl", (ushort)0x10)));
        Assert.That(family.Version, Is.GreaterThanOrEqualTo(1u));
        Assert.That(family.MulticastGroups.ContainsKey("notify"), Is.True);
    }

    [Test]
    public void ParseError_UncappedWithTlvs_SkipsEchoedRequest()
    {
        // Hand-built from netlink.h: NLMSG_ERROR without NLM_F_CAPPED echoes the whole request (here
        // 20 bytes: header + one u32 attribute), then NLMSGERR_ATTR_MSG "bad" and NLMSGERR_ATTR_OFFS 16.
        var echoed = new NetlinkMessageBuilder(16, 5);
        echoed.AddU32(4, 9000);
        var echoedBytes = echoed.ToArray(3);
        var error = new NetlinkMessageBuilder(NetlinkMessageType.Error, NetlinkMessageFlags.AckTlvs);
        var code = error.AddFixedHeader(4);
        BitConverter.TryWriteBytes(code, -22);
        echoedBytes.CopyTo(error.AddFixedHeader(echoedBytes.Length));
        error.AddString(1, "bad");
        error.AddU32(2, 16);

        var parsed = NetlinkError.Parse(NetlinkMessage.ParseDatagram(error.ToArray(3)).Single());

        Assert.That(parsed, Is.EqualTo(new NetlinkError(Errno.EINVAL, "bad", 16)));
    }
}
