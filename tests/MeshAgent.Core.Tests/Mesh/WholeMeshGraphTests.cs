using MeshAgent.Core.Api;
using MeshAgent.Core.Mesh;

namespace MeshAgent.Core.Tests.Mesh;

public class WholeMeshGraphTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeSeconds(1_780_000_000);

    private static readonly GraphNode[] Nodes =
    [
        new("hub1", "hub", "10.10.11.1", "alive"),
        new("spoke1", "spoke", "10.10.11.2", "self"),
        new("spoke2", "spoke", "10.10.11.3", "alive"),
        new("spoke4", "spoke", "10.10.11.5", "alive"),
    ];

    [Test]
    public void Build_OwnPathsAndReports_OneEdgePerPairWithBothEnds()
    {
        PathReportEdge[] own = [new("hub1", "hub", null, 4, 100, 200), new("spoke2", "direct", null, 10, 5, 6), new("spoke4", "relayed", "hub1", null, 0, 0)];
        HeldPathReport[] reports =
        [
            new("hub1", Now.AddSeconds(-3), Now.AddSeconds(-2), [new("spoke1", "direct", null, 2, 200, 100), new("spoke2", "direct", null, null, 0, 0), new("spoke4", "direct", null, 1, 7, 8)]),
            new("spoke4", Now.AddSeconds(-20), Now.AddSeconds(-19), [new("hub1", "hub", null, 9, 8, 7), new("spoke1", "relayed", "hub1", null, 0, 0)]),
        ];

        var graph = WholeMeshGraph.Build("spoke1", Nodes, own, reports, Now);

        Assert.That(graph.Edges.Select(e => $"{e.From}-{e.To}"), Is.EqualTo(new[] { "hub1-spoke1", "hub1-spoke2", "hub1-spoke4", "spoke1-spoke2", "spoke1-spoke4" }));
        var hubSpoke1 = graph.Edges[0];
        Assert.That((hubSpoke1.Kind, hubSpoke1.HandshakeAgeSeconds), Is.EqualTo(("hub", 4.0)), "the tunnel to a hub wins; the latest handshake of both ends");
        Assert.That(hubSpoke1.Ends, Is.EqualTo(new[]
        {
            new EdgeEnd("hub1", "direct", null, 5, 200, 100, 3),
            new EdgeEnd("spoke1", "hub", null, 4, 100, 200, 0),
        }), "each end's view; the hub's handshake age extrapolated by its report's age");
        var relayed = graph.Edges[4];
        Assert.That((relayed.Kind, relayed.Via, relayed.HandshakeAgeSeconds), Is.EqualTo(("relayed", "hub1", (double?)null)));
        Assert.That(relayed.Ends!.Select(e => (e.Node, e.ReportAgeSeconds)), Is.EqualTo(new[] { ("spoke1", 0.0), ("spoke4", 20.0) }));
        Assert.That(graph.Edges[2].Ends!.Select(e => e.Node), Is.EqualTo(new[] { "hub1", "spoke4" }));
    }

    [Test]
    public void Build_PathsNamingUnknownNodesOrTheReporterItself_LeftOut()
    {
        HeldPathReport[] reports =
        [
            new("gone", Now, Now, [new("spoke1", "direct", null, 1, 1, 1)]),
            new("spoke2", Now, Now, [new("spoke2", "direct", null, 1, 1, 1), new("stranger", "direct", null, 1, 1, 1)]),
        ];

        var graph = WholeMeshGraph.Build("spoke1", Nodes, [], reports, Now);

        Assert.That(graph.Edges, Is.Empty);
        Assert.That(graph.Nodes, Is.EqualTo(Nodes));
    }

    [Test]
    public void Build_ReportOfSelfOrFromAheadOfOurClock_OwnPathsWinAndAgesNeverNegative()
    {
        HeldPathReport[] reports =
        [
            new("spoke1", Now.AddSeconds(-60), Now, [new("spoke2", "relayed", "hub1", null, 0, 0)]),
            new("spoke2", Now.AddSeconds(30), Now, [new("spoke1", "direct", null, 2, 1, 1)]),
        ];

        var graph = WholeMeshGraph.Build("spoke1", Nodes, [new("spoke2", "direct", null, 1, 1, 1)], reports, Now);

        var edge = graph.Edges.Single();
        Assert.That(edge.Ends!.Select(e => (e.Node, e.Kind, e.ReportAgeSeconds, e.HandshakeAgeSeconds)), Is.EqualTo(new[] { ("spoke1", "direct", 0.0, (double?)1), ("spoke2", "direct", 0.0, (double?)2) }));
    }
}
