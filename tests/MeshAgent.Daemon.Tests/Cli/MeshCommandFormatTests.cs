using MeshAgent.Cli.Commands;
using MeshAgent.Core.Api;

namespace MeshAgent.Daemon.Tests.Cli;

public class MeshCommandFormatTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 1, 0, 0, TimeSpan.Zero);

    [Test]
    public void Members_Format_OneAlignedRowPerMember()
    {
        var members = new List<MemberInfo>
        {
            new("hub1", "a=", "10.10.11.1", null, "hub", ["192.0.2.1:51820"], [], "self", 3, Now.AddDays(30)),
            new("spoke-long-name", "b=", "10.10.11.20", null, "spoke", [], [], "dead", 1, Now.AddDays(2)),
        };

        Assert.That(MembersCommand.Format(members), Is.EqualTo(
            "NAME             ROLE   ADDRESS      STATE  ENDPOINT         EXPIRES\n" +
            "hub1             hub    10.10.11.1   self   192.0.2.1:51820  2026-12-22 01:00\n" +
            "spoke-long-name  spoke  10.10.11.20  dead   -                2026-11-24 01:00\n"));
    }

    [Test]
    public void Peers_Format_PathStateHandshakeAgeAndAllowedIPs()
    {
        var peers = new List<PeerInfo>
        {
            new("hub1", "a=", "hub", null, "192.0.2.1:51820", ["10.10.11.0/24", "10.10.11.1/32"], Now.AddSeconds(-12), 100, 200),
            new("spoke2", "b=", "direct", "failed", null, ["10.10.11.3/32"], null, 0, 0),
        };

        Assert.That(PeersCommand.Format(peers, Now), Is.EqualTo(
            "NAME    PATH             ENDPOINT         HANDSHAKE  RX   TX   ALLOWED IPS\n" +
            "hub1    hub              192.0.2.1:51820  12s ago    100  200  10.10.11.0/24,10.10.11.1/32\n" +
            "spoke2  direct (failed)  -                never      0    0    10.10.11.3/32\n"));
    }

    [Test]
    public void Peers_Format_DirectPeerShowsHowItsPathWasFound()
    {
        var peers = new List<PeerInfo>
        {
            new("spoke3", "c=", "direct", "established", "192.0.2.248:51820", ["10.10.11.4/32"], Now.AddSeconds(-3), 5, 6) { Via = "punched" },
        };

        Assert.That(PeersCommand.Format(peers, Now), Does.Contain("spoke3  direct punched (established)  192.0.2.248:51820"));
    }

    [Test]
    public void Graph_Format_NodesThenEdgesWithEachEndsView()
    {
        var graph = new MeshGraph(
            "spoke1",
            [new GraphNode("hub1", "hub", "10.10.11.1", "alive"), new GraphNode("spoke1", "spoke", "10.10.11.2", "self"), new GraphNode("spoke4", "spoke", "10.10.11.5", "alive")],
            [
                new GraphEdge("hub1", "spoke1", "hub", null, 4.2, [new EdgeEnd("hub1", "direct", null, 6.6, 10, 20, 2.4), new EdgeEnd("spoke1", "hub", null, 4.2, 20, 10, 0)]),
                new GraphEdge("spoke1", "spoke4", "relayed", "hub1", null, [new EdgeEnd("spoke1", "relayed", "hub1", null, 0, 0, 0)]),
            ]);

        Assert.That(GraphCommand.Format(graph), Is.EqualTo(
            "nodes\n" +
            "  hub1 (hub, 10.10.11.1, alive)\n" +
            "  spoke1 (spoke, 10.10.11.2, self)\n" +
            "  spoke4 (spoke, 10.10.11.5, alive)\n" +
            "edges\n" +
            "  hub1 -- spoke1: hub, handshake 4s ago\n" +
            "    hub1 reports direct, handshake 7s ago, rx 10 B, tx 20 B, report 2s old\n" +
            "    spoke1 reports hub, handshake 4s ago, rx 20 B, tx 10 B, report 0s old\n" +
            "  spoke1 -- spoke4: relayed via hub1\n" +
            "    spoke1 reports relayed via hub1, rx 0 B, tx 0 B, report 0s old\n"));
    }
}
