using MeshAgent.Gossip.Membership;
using MeshAgent.Gossip.Wire;

namespace MeshAgent.Gossip.Tests;

public class MemberTableTests
{
    private static MemberInfo Info(MemberDirectory d, string name, int i) =>
        d.InfoFor(d.Intern(name), name, [10, 0, 0, (byte)i], 7946, [], [1, 5, 2, 2, 5, 5]);

    [Test]
    public void SetState_Transitions_KeepLiveCountAndDeadList()
    {
        var directory = new MemberDirectory();
        var table = new MemberTable(directory);
        for (int i = 0; i < 4; i++) table.Add(directory.Intern($"m{i}"), Info(directory, $"m{i}", i), 1, NodeState.Alive, 0, null);
        table.SetState(1, NodeState.Suspect, 1);
        table.SetState(2, NodeState.Dead, 1);
        table.SetState(3, NodeState.Left, 1);
        Assert.That(table.LiveCount, Is.EqualTo(2));
        Assert.That(table.Dead, Is.EqualTo(new[] { 2 }));
        table.SetState(2, NodeState.Alive, 2);
        table.Remove(3);
        Assert.That(table.LiveCount, Is.EqualTo(3));
        Assert.That(table.Dead, Is.Empty);
        Assert.That(table.Count, Is.EqualTo(3));
        Assert.That(table.TryFind("m3", out _), Is.False);
    }

    [Test]
    public void InfoFor_SameFacts_SharedInstanceAndChangedFactsNewOne()
    {
        var directory = new MemberDirectory();
        var a = Info(directory, "m0", 1);
        Assert.That(Info(directory, "m0", 1), Is.SameAs(a));
        Assert.That(Info(directory, "m0", 2), Is.Not.SameAs(a));
    }

    [Test]
    public void Snapshot_EncodedLength_EqualsEncodedBytes()
    {
        var directory = new MemberDirectory();
        var snapshot = new PushPullSnapshot(false, directory, 300, [1, 2, 3]);
        for (int i = 0; i < 300; i++)
        {
            string name = $"member-{i}";
            snapshot.Add(Info(directory, name, i), directory.Intern(name), (uint)(i * 997), (NodeState)(i % 4));
        }
        Assert.That(snapshot.EncodedLength, Is.EqualTo(MessageCodec.Encode(snapshot).Length));
        snapshot.Release();
        Assert.That(snapshot.Count, Is.Zero);
    }
}
