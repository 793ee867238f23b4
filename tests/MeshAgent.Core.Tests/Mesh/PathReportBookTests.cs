using MeshAgent.Core.Mesh;

namespace MeshAgent.Core.Tests.Mesh;

public class PathReportBookTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeSeconds(1_780_000_000);

    private static PathReport Report(string node, DateTimeOffset at, int part, int parts, params string[] peers) =>
        new(node, at, part, parts, [.. peers.Select(p => new PathReportEdge(p, "direct", null, 3, 10, 20))]);

    [Test]
    public void Offer_OnePartReport_HeldWithReceiveTime()
    {
        var book = new PathReportBook();

        var outcome = book.Offer(Report("spoke1", Now.AddSeconds(-2), 0, 1, "hub1", "spoke2"), Now);

        Assert.That(outcome, Is.EqualTo(PathReportOutcome.Completed));
        var held = book.Reports["spoke1"];
        Assert.That((held.At, held.ReceivedAt), Is.EqualTo((Now.AddSeconds(-2), Now)));
        Assert.That(held.Edges.Select(e => e.Peer), Is.EqualTo(new[] { "hub1", "spoke2" }));
    }

    [Test]
    public void Offer_SameOrOlderReport_NotNewerAndHeldOneKept()
    {
        var book = new PathReportBook();
        book.Offer(Report("spoke1", Now, 0, 1, "hub1"), Now);

        Assert.That(book.Offer(Report("spoke1", Now, 0, 1, "spoke9"), Now), Is.EqualTo(PathReportOutcome.NotNewer));
        Assert.That(book.Offer(Report("spoke1", Now.AddSeconds(-30), 0, 1, "spoke9"), Now), Is.EqualTo(PathReportOutcome.NotNewer));
        Assert.That(book.Reports["spoke1"].Edges.Single().Peer, Is.EqualTo("hub1"));
    }

    [Test]
    public void Offer_PartsOfNewerReport_OldOneHeldUntilTheLastPartArrives()
    {
        var book = new PathReportBook();
        book.Offer(Report("hub1", Now.AddSeconds(-30), 0, 1, "spoke1"), Now);

        Assert.That(book.Offer(Report("hub1", Now, 1, 2, "spoke3"), Now), Is.EqualTo(PathReportOutcome.Partial));
        Assert.That(book.Offer(Report("hub1", Now, 1, 2, "spoke3"), Now), Is.EqualTo(PathReportOutcome.NotNewer), "a retransmitted part");
        Assert.That(book.Reports["hub1"].Edges.Single().Peer, Is.EqualTo("spoke1"), "the whole old report while the new one is partial");
        Assert.That(book.Offer(Report("hub1", Now, 0, 2, "spoke1", "spoke2"), Now), Is.EqualTo(PathReportOutcome.Completed));
        Assert.That(book.Reports["hub1"].Edges.Select(e => e.Peer), Is.EqualTo(new[] { "spoke1", "spoke2", "spoke3" }), "parts joined in part order");
    }

    [Test]
    public void Offer_NewerReportWhileOlderPartial_StartsOverWithTheNewer()
    {
        var book = new PathReportBook();
        book.Offer(Report("hub1", Now.AddSeconds(-5), 0, 2, "old"), Now);

        Assert.That(book.Offer(Report("hub1", Now, 0, 1, "new"), Now), Is.EqualTo(PathReportOutcome.Completed));
        Assert.That(book.Offer(Report("hub1", Now.AddSeconds(-5), 1, 2, "old2"), Now), Is.EqualTo(PathReportOutcome.NotNewer));
        Assert.That(book.Reports["hub1"].Edges.Single().Peer, Is.EqualTo("new"));
    }

    [Test]
    public void Offer_TimeBeyondTheSkew_RefusedAndNothingHeld()
    {
        var book = new PathReportBook();

        var outcome = book.Offer(Report("spoke1", Now + PathReportBook.MaxClockSkew + TimeSpan.FromSeconds(1), 0, 1, "hub1"), Now);

        Assert.That(outcome, Is.EqualTo(PathReportOutcome.FromTheFuture));
        Assert.That(book.Reports, Is.Empty);
        Assert.That(book.Offer(Report("spoke1", Now + PathReportBook.MaxClockSkew, 0, 1, "hub1"), Now), Is.EqualTo(PathReportOutcome.Completed), "within the skew");
    }

    [Test]
    public void Retain_DropsHeldAndPartialReportsOfGoneNodes()
    {
        var book = new PathReportBook();
        book.Offer(Report("spoke1", Now, 0, 1, "hub1"), Now);
        book.Offer(Report("spoke2", Now, 0, 1, "hub1"), Now);
        book.Offer(Report("spoke3", Now, 0, 2, "hub1"), Now);

        var dropped = book.Retain(name => name == "spoke2");

        Assert.That(dropped, Is.EquivalentTo(new[] { "spoke1", "spoke3" }));
        Assert.That(book.Reports.Keys, Is.EqualTo(new[] { "spoke2" }));
        Assert.That(book.Offer(Report("spoke3", Now, 1, 2, "spoke1"), Now), Is.EqualTo(PathReportOutcome.Partial), "the dropped partial is gone: this part starts a new one");
    }
}
