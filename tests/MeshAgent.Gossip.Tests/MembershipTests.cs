using MeshAgent.Gossip.Membership;
using MeshAgent.Gossip.Security;
using MeshAgent.Gossip.Transport;
using MeshAgent.Gossip.Wire;

namespace MeshAgent.Gossip.Tests;

public class MembershipTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(2);

    private static SimCluster Cluster(int n, int seed = 1, Func<GossipOptions, GossipOptions>? tweak = null)
    {
        var c = new SimCluster(seed);
        for (int i = 0; i < n; i++) c.Add(tweak: tweak);
        c.JoinAllTo(0);
        Assert.That(c.RunUntil(() => c.Nodes.All(x => x.LiveMembers == n), Limit), Is.Not.Null, "cluster converges");
        return c;
    }

    [Test]
    public void Join_EightMembersThroughOneSeed_AllSeeAll()
    {
        var c = Cluster(8);
        foreach (var node in c.Nodes)
        {
            Assert.That(node.Members.Where(m => m.Status == MemberStatus.Alive).Select(m => m.Name), Is.EquivalentTo(c.Nodes.Select(x => x.Name)));
        }
    }

    [Test]
    public void Crash_OneMember_OthersDeclareItFailedWithinSuspicionBound()
    {
        var c = Cluster(6);
        var victim = c.Nodes[3];
        c.Network.SetDown(SimCluster.Address(3), true);
        var others = c.Nodes.Where(x => x != victim).ToList();
        var took = c.RunUntil(() => others.All(o => SimCluster.StatusOf(o, victim.Name) == MemberStatus.Failed), Limit);
        Assert.That(took, Is.Not.Null);
        // probe interval + Lifeguard's maximum suspicion timeout (6 × 4 s) + dissemination
        Assert.That(took, Is.LessThan(TimeSpan.FromSeconds(40)));
        Assert.That(c.Log.Count(l => l.EndsWith($"Failed {victim.Name} ", StringComparison.Ordinal)), Is.EqualTo(5));
    }

    [Test]
    public void Leave_Graceful_OthersSeeLeftNotFailed()
    {
        var c = Cluster(5);
        var leaving = c.Nodes[2];
        var task = leaving.LeaveAsync();
        c.Run(TimeSpan.FromSeconds(10));
        Assert.That(task.IsCompletedSuccessfully, Is.True);
        foreach (var o in c.Nodes.Where(x => x != leaving))
        {
            Assert.That(SimCluster.StatusOf(o, leaving.Name), Is.EqualTo(MemberStatus.Left));
        }
        c.Run(TimeSpan.FromSeconds(60));
        Assert.That(c.Log.Any(l => l.Contains($"Failed {leaving.Name}", StringComparison.Ordinal)), Is.False);
    }

    [Test]
    public void Partition_LongerThanSuspicion_HealsByItself()
    {
        var c = Cluster(6);
        var left = Enumerable.Range(0, 3).Select(SimCluster.Address).ToList();
        var right = Enumerable.Range(3, 3).Select(SimCluster.Address).ToList();
        c.Network.Partition([left, right]);
        Assert.That(c.RunUntil(() => c.Nodes.All(x => x.LiveMembers == 3), Limit), Is.Not.Null, "both halves declare the other dead");
        // Beyond GossipToTheDeadTime: only the periodic retry of dead members can reunite the halves.
        c.Run(TimeSpan.FromSeconds(60));
        c.Network.Heal();
        var took = c.RunUntil(() => c.Nodes.All(x => x.LiveMembers == 6), Limit);
        Assert.That(took, Is.Not.Null, "reunited without a new join");
        Assert.That(took, Is.LessThan(TimeSpan.FromSeconds(30)));
    }

    [Test]
    public void Suspect_AboutLiveMember_RefutedWithHigherIncarnation()
    {
        var c = Cluster(4);
        var target = c.Nodes[1];
        uint before = target.Members.Single(m => m.Name == target.Name).Incarnation;
        var liar = c.Network.CreateTransport(SimCluster.Address(99));
        liar.Start(new NullHandler());
        liar.SendPacket(SimCluster.Address(1), MessageCodec.Encode(new Suspect(before, target.Name, "liar")));
        c.Run(TimeSpan.FromSeconds(5));
        Assert.That(target.Statistics.Refutations, Is.EqualTo(1));
        foreach (var o in c.Nodes)
        {
            var seen = o.Members.Single(m => m.Name == target.Name);
            Assert.That(seen.Incarnation, Is.GreaterThan(before));
            Assert.That(seen.Status, Is.EqualTo(MemberStatus.Alive));
        }
    }

    [Test]
    public void Awareness_PeerCrashed_HelpersNackAndProbersStayHealthy()
    {
        var c = Cluster(5);
        c.Network.SetDown(SimCluster.Address(4), true);
        var live = c.Nodes.Take(4).ToList();
        int worst = 0;
        var took = c.RunUntil(() =>
        {
            worst = Math.Max(worst, live.Max(x => x.HealthScore));
            return live.All(o => SimCluster.StatusOf(o, "n4") == MemberStatus.Failed);
        }, Limit);
        Assert.That(took, Is.Not.Null);
        Assert.That(worst, Is.Zero, "the helpers' nacks show the fault is not ours");
    }

    [Test]
    public void Awareness_SelfIsolated_NoNacksAndHealthDrops()
    {
        var c = Cluster(5);
        c.Network.Partition([[SimCluster.Address(0)]]);
        c.Run(TimeSpan.FromSeconds(5));
        Assert.That(c.Nodes[0].HealthScore, Is.GreaterThan(0));
    }

    [TestCase(true)]
    [TestCase(false)]
    public void Suspicion_StaleAfterMissedRefutation_RepairedOnlyWithLifeguard(bool lifeguard)
    {
        // n0 is cut off while n1 refutes a suspicion; afterwards nobody gossips the refutation any more and
        // push-pull is far away. n0 still suspects n1 at the old incarnation.
        var c = Cluster(4, tweak: o => o with { Lifeguard = lifeguard, PushPullInterval = TimeSpan.FromHours(1) });
        var liarNearN0 = c.Network.CreateTransport(SimCluster.Address(98));
        var liarNearN1 = c.Network.CreateTransport(SimCluster.Address(99));
        liarNearN0.Start(new NullHandler());
        liarNearN1.Start(new NullHandler());
        c.Network.Partition([[SimCluster.Address(0), SimCluster.Address(98)], [SimCluster.Address(1), SimCluster.Address(2), SimCluster.Address(3), SimCluster.Address(99)]]);
        var accusation = MessageCodec.Encode(new Suspect(1, "n1", "liar"));
        liarNearN0.SendPacket(SimCluster.Address(0), accusation);
        liarNearN1.SendPacket(SimCluster.Address(1), accusation);
        c.Run(TimeSpan.FromSeconds(2));
        c.Network.Heal();
        Assert.That(c.Nodes[2].Members.Single(m => m.Name == "n1").Incarnation, Is.EqualTo(2), "n1 refuted on its side");
        Assert.That(c.Nodes[0].Members.Single(m => m.Name == "n1").Status, Is.EqualTo(MemberStatus.Suspect), "n0 missed it");

        c.Run(TimeSpan.FromSeconds(60));

        bool declared = c.Log.Any(l => l.Contains("n0 Failed n1", StringComparison.Ordinal));
        // Lifeguard: n1 answers the stale suspicion n0 keeps gossiping, and n0 probes n1 directly before declaring.
        // Plain SWIM: n0's fixed timeout runs out first and it declares a live member dead.
        Assert.That(declared, Is.EqualTo(!lifeguard));
        if (lifeguard) Assert.That(SimCluster.StatusOf(c.Nodes[0], "n1"), Is.EqualTo(MemberStatus.Alive));
    }

    [Test]
    public void Broadcast_UserMessage_ReachesMostAtMostOnceEach()
    {
        // Like memberlist, the sender alone transmits a user broadcast, retransmit-limit times to random
        // members: most receive it once; reliable delivery is push-pull user state's job.
        var c = Cluster(6);
        c.Nodes[0].Broadcast([1, 2, 3]);
        c.Run(TimeSpan.FromSeconds(10));
        var receivers = c.Log.Where(l => l.Contains("UserMessage", StringComparison.Ordinal)).Select(l => l.Split(' ')[1]).ToList();
        Assert.That(receivers, Is.Unique);
        Assert.That(receivers, Has.Count.GreaterThanOrEqualTo(3));
        Assert.That(receivers, Does.Not.Contain("n0"));
    }

    [Test]
    public void PushPull_UserState_ArrivesAsEvent()
    {
        var c = new SimCluster();
        var a = c.Add();
        var b = c.Add();
        a.LocalUserState = [7, 7];
        _ = b.JoinAsync([SimCluster.Address(0)]);
        c.Run(TimeSpan.FromSeconds(2));
        Assert.That(c.Log, Has.Some.Contains("n1 UserState  2"));
    }

    [Test]
    public void Encryption_SameKey_ConvergesAndWrongKeyIsCountedAndDropped()
    {
        var key = new byte[32];
        var c = new SimCluster();
        for (int i = 0; i < 3; i++) c.Add(tweak: o => o with { Keyring = new Keyring(key) });
        var stranger = c.Add(tweak: o => o with { Keyring = new Keyring(new byte[16]) });
        c.JoinAllTo(0);
        c.Run(TimeSpan.FromSeconds(20));
        Assert.That(c.Nodes.Take(3).All(x => x.LiveMembers == 3), Is.True);
        Assert.That(stranger.LiveMembers, Is.EqualTo(1));
        Assert.That(c.Nodes[0].Statistics.MalformedStreams, Is.GreaterThan(0));
    }

    [Test]
    public void Run_SameSeed_SameEventLog()
    {
        static List<string> Once()
        {
            var c = Cluster(10, seed: 7);
            c.Network.PacketLoss = 0.1;
            c.Network.SetDown(SimCluster.Address(4), true);
            c.Run(TimeSpan.FromSeconds(60));
            return c.Log;
        }
        var first = Once();
        Assert.That(first, Has.Count.GreaterThan(90));
        Assert.That(Once(), Is.EqualTo(first));
    }

    [Test]
    public void Metadata_Changed_OthersSeeUpdateAndTags()
    {
        var c = Cluster(3);
        c.Nodes[2].SetMetadata(SerfTags.Encode(new Dictionary<string, string> { ["role"] = "hub" }));
        c.Run(TimeSpan.FromSeconds(5));
        Assert.That(c.Nodes[0].Members.Single(m => m.Name == "n2").Tags["role"], Is.EqualTo("hub"));
        Assert.That(c.Log, Has.Some.Contains("n0 Update n2"));
    }

    private sealed class NullHandler : IGossipTransportHandler
    {
        public void OnPacket(System.Net.IPEndPoint source, byte[] packet) { }
        public byte[]? OnStream(System.Net.IPEndPoint source, byte[] message) => null;
    }
}
