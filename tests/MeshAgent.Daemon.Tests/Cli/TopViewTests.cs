using System.Text;
using MeshAgent.Cli.Commands;
using MeshAgent.Core.Api;

namespace MeshAgent.Daemon.Tests.Cli;

public class TopViewTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 4, 19, 30, 0, TimeSpan.Zero);

    private static PeerInfo Peer(string name, string key, long rx, long tx, DateTimeOffset? handshake) =>
        new(name, key, name.StartsWith("hub", StringComparison.Ordinal) ? "hub" : "direct", null, null, [], handshake, rx, tx);

    [Test]
    public void Format_TwoReads_RatesPerPeerByKeyAndLatestEvents()
    {
        IReadOnlyList<PeerInfo> before = [Peer("hub1", "K1", 1000, 2000, Now.AddSeconds(-30)), Peer("spoke2", "K2", 0, 0, null)];
        IReadOnlyList<PeerInfo> now = [Peer("hub1", "K1", 5096, 2000, Now.AddSeconds(-12)), Peer("spoke2", "K2b", 10, 10, null)];

        var screen = TopView.Format(now, before, 2, Now, ["19:29:58 member_failed spoke9 dead"]);

        Assert.That(screen, Is.EqualTo(
            "meshctl top: 2 peers at 19:30:00\n\n" +
            "NAME    PATH    HANDSHAKE  RX/S       TX/S   RX       TX\n" +
            "hub1    hub     12s ago    2.0 KiB/s  0 B/s  5.0 KiB  2.0 KiB\n" +
            "spoke2  direct  never      -          -      10 B     10 B\n" +
            "\nevents\n  19:29:58 member_failed spoke9 dead\n"), "4096 B in 2 s from hub1; spoke2 was re-keyed, so it has no rate yet");
    }

    [Test]
    public void Describe_EventAndSnapshot_LineForTheEventOnly()
    {
        var line = TopCommand.Describe(Encoding.UTF8.GetBytes("""{"type":"member_joined","subject":"spoke5","detail":"spoke","time":"2026-12-04T19:30:01+00:00"}"""));
        var snapshot = TopCommand.Describe(Encoding.UTF8.GetBytes("""{"type":"snapshot","graph":null}"""));
        var garbage = TopCommand.Describe(Encoding.UTF8.GetBytes("not json"));

        Assert.That(line, Is.EqualTo("19:30:01 member_joined spoke5 spoke"));
        Assert.That(snapshot, Is.Null);
        Assert.That(garbage, Is.Null);
    }

    [TestCase(0, "0 B")]
    [TestCase(1023, "1023 B")]
    [TestCase(1536, "1.5 KiB")]
    [TestCase(5L * 1024 * 1024 * 1024, "5.0 GiB")]
    public void Bytes_BinaryUnits(long bytes, string text) => Assert.That(TopView.Bytes(bytes), Is.EqualTo(text));
}
