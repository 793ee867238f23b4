using MeshAgent.Netlink.Generic;

namespace MeshAgent.Netlink.Tests;

/// <summary>
/// Re-captures the checked-in fixtures from the running kernel (root, in a scratch namespace). Explicit:
/// run by hand with --filter when a fixture must be refreshed; the codec tests only read the files.
/// </summary>
[Explicit("Writes fixtures into the source tree; run by hand.")]
[Category("Lab")]
public sealed class FixtureCapture
{
    [Test]
    public async Task Capture_FromKernel_WritesFixtures()
    {
        await using var ns = await ScratchNamespace.CreateAsync();
        var directory = Path.Combine(TestContext.CurrentContext.TestDirectory, "../../../Fixtures");
        await ns.RunAsync("ip", "link", "add", "dummy0", "mtu", "1400", "type", "veth", "peer", "name", "peer0");
        await ns.RunAsync("ip", "addr", "add", "192.0.2.7/24", "dev", "dummy0");
        await ns.RunAsync("ip", "addr", "add", "2001:db8::7/64", "dev", "dummy0", "nodad");
        await ns.RunAsync("ip", "link", "set", "dummy0", "up");

        using (var socket = NetlinkSocket.Open(NetlinkProtocol.Route, ns.Path))
        {
            // RTM_GETLINK dump with NLM_F_DUMP: lo and dummy0 (a veth: this host kernel has no dummy) (NLM_F_MULTI), then NLMSG_DONE.
            var request = new NetlinkMessageBuilder(18, NetlinkMessageFlags.Request | NetlinkMessageFlags.Dump, 64);
            request.AddFixedHeader(16);
            Save(directory, "rtm_getlink_dump", socket, request, untilDone: true);

            var addresses = new NetlinkMessageBuilder(22, NetlinkMessageFlags.Request | NetlinkMessageFlags.Dump, 64);
            addresses.AddFixedHeader(8);
            Save(directory, "rtm_getaddr_dump", socket, addresses, untilDone: true);

            var routes = new NetlinkMessageBuilder(26, NetlinkMessageFlags.Request | NetlinkMessageFlags.Dump, 64);
            routes.AddFixedHeader(12)[0] = 2;
            Save(directory, "rtm_getroute_v4_dump", socket, routes, untilDone: true);

            // RTM_NEWLINK of kind wireguard on a kernel without it: EOPNOTSUPP with ext-ack text.
            var wireguard = new NetlinkMessageBuilder(16, NetlinkMessageFlags.Request | NetlinkMessageFlags.Ack | NetlinkMessageFlags.Create | NetlinkMessageFlags.Exclusive, 64);
            wireguard.AddFixedHeader(16);
            wireguard.AddString(3, "wg0");
            var info = wireguard.BeginNested(18);
            wireguard.AddString(1, "wireguard");
            wireguard.EndNested(info);
            Save(directory, "rtm_newlink_wireguard_eopnotsupp", socket, wireguard, untilDone: false);
        }

        using (var socket = NetlinkSocket.Open(NetlinkProtocol.Generic, ns.Path))
        {
            var request = new NetlinkMessageBuilder(GenericNetlinkController.ControllerId, NetlinkMessageFlags.Request | NetlinkMessageFlags.Ack, 64);
            request.AddGenericHeader(3, 1);
            request.AddString(2, "nlctrl");
            Save(directory, "ctrl_getfamily_nlctrl", socket, request, untilDone: false);
        }

        Assert.That(Directory.GetFiles(directory, "*.hex"), Is.Not.Empty);
    }

    private static void Save(string directory, string name, NetlinkSocket socket, NetlinkMessageBuilder request, bool untilDone)
    {
        socket.Send(request.ToArray(1, socket.PortId), name);
        var lines = new List<string>();
        var buffer = new byte[65536];
        while (true)
        {
            var length = socket.Receive(ref buffer, name);
            lines.Add(Convert.ToHexStringLower(buffer.AsSpan(0, length)));
            var messages = NetlinkMessage.ParseDatagram(buffer.AsSpan(0, length));
            if (!untilDone || messages.Any(m => m.Header.Type is NetlinkMessageType.Done or NetlinkMessageType.Error))
            {
                break;
            }
        }

        File.WriteAllLines(Path.Combine(directory, name + ".hex"), lines);
    }
}
