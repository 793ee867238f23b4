using System.Diagnostics;
using MeshAgent.Lab;

namespace MeshAgent.Gossip.Tests.Lab;

/// <summary>Our members and real Serf 0.9.4 agents in one group (memberlist protocol interop).</summary>
[NonParallelizable]
public class SerfInteropTests : LabTest
{
    // LAN preset, 4 members: probe round (3 × 1 s) + Lifeguard's longest suspicion (6 × 4 s) + dissemination.
    private static readonly TimeSpan FailureBound = TimeSpan.FromSeconds(35);

    [SetUp]
    public void Require() => RequireTools("serf", "dotnet");

    [TestCase(false)]
    [TestCase(true)]
    public async Task MixedCluster_PlainOrEncrypted_AllAliveAndOurTagsInSerf(bool encrypted)
    {
        var lab = await SerfLab.StartAsync(Lab, encrypted);
        var serfView = await lab.SerfMembersAsync("s2");
        Assert.That(serfView.Keys, Is.EquivalentTo(new[] { "s1", "s2", "o1", "o2" }));
        Assert.That(serfView["o1"].Tags, Is.EquivalentTo(new Dictionary<string, string> { ["role"] = "mesh", ["id"] = "o1" }));
        Assert.That(lab.OurMembers("o2"), Is.EquivalentTo(new Dictionary<string, string> { ["s1"] = "alive", ["s2"] = "alive", ["o1"] = "alive", ["o2"] = "alive" }));
    }

    [Test]
    public async Task KillOurs_SerfMarksFailedWithinSuspicionTimeout()
    {
        var lab = await SerfLab.StartAsync(Lab, encrypted: true);
        var watch = Stopwatch.StartNew();
        await lab.Processes["o2"].SignalAsync(LabSignal.Kill);
        await lab.WaitAllAsync(new() { ["s1"] = "alive", ["s2"] = "alive", ["o1"] = "alive", ["o2"] = "failed" }, FailureBound, ["s1", "s2", "o1"]);
        TestContext.Out.WriteLine($"kill -9 of o2 -> failed everywhere after {watch.Elapsed.TotalSeconds:F1} s");
    }

    [Test]
    public async Task KillSerf_OursDeclareItFailed()
    {
        var lab = await SerfLab.StartAsync(Lab, encrypted: false);
        var watch = Stopwatch.StartNew();
        await lab.Processes["s2"].SignalAsync(LabSignal.Kill);
        await lab.WaitAllAsync(new() { ["s1"] = "alive", ["s2"] = "failed", ["o1"] = "alive", ["o2"] = "alive" }, FailureBound, ["o1", "o2", "s1"]);
        TestContext.Out.WriteLine($"kill -9 of s2 -> failed everywhere after {watch.Elapsed.TotalSeconds:F1} s");
    }

    [Test]
    public async Task GracefulLeave_OursAndSerf_LeftOnBothSides()
    {
        var lab = await SerfLab.StartAsync(Lab, encrypted: false);
        Assert.That(await lab.Processes["o2"].StopAsync(TimeSpan.FromSeconds(15)), Is.EqualTo(0), "SIGTERM leaves and exits 0");
        Assert.That(lab.Processes["o2"].Output, Does.Contain("LEFT"));
        await lab.WaitAllAsync(new() { ["o2"] = "left" }, TimeSpan.FromSeconds(15), ["s1", "s2", "o1"]);
        var r = await lab.Hosts["s2"].RunAsync("serf", "leave", "-rpc-addr", "127.0.0.1:7373");
        Assert.That(r.ExitCode, Is.EqualTo(0), r.StdErr);
        await lab.WaitAllAsync(new() { ["s2"] = "left", ["o2"] = "left" }, TimeSpan.FromSeconds(15), ["s1", "o1"]);
    }

    [Test]
    public async Task Partition_LongEnoughToDeclareDead_HealsByItselfWithin30s()
    {
        var lab = await SerfLab.StartAsync(Lab, encrypted: true);
        var h = lab.Hosts;
        var watch = Stopwatch.StartNew();
        await Lab.PartitionAsync([h["s1"], h["o1"]], [h["s2"], h["o2"]]);
        await lab.WaitAllAsync(new() { ["s2"] = "failed", ["o2"] = "failed" }, TimeSpan.FromSeconds(50), ["s1", "o1"]);
        await lab.WaitAllAsync(new() { ["s1"] = "failed", ["o1"] = "failed" }, TimeSpan.FromSeconds(20), ["s2", "o2"]);
        TestContext.Out.WriteLine($"both halves declared the other dead after {watch.Elapsed.TotalSeconds:F1} s");
        // Hold the partition 55 s in all (under a minute, for CI time): long enough that the dead are no longer
        // gossiped to (memberlist's GossipToTheDeadTime, 30 s), so only the periodic retry of dead members heals it.
        var hold = TimeSpan.FromSeconds(55) - watch.Elapsed;
        if (hold > TimeSpan.Zero) await Task.Delay(hold);
        TestContext.Out.WriteLine($"partition held {watch.Elapsed.TotalSeconds:F1} s");
        await Lab.HealAsync();
        watch.Restart();
        await lab.WaitAllAsync(new() { ["s1"] = "alive", ["s2"] = "alive", ["o1"] = "alive", ["o2"] = "alive" }, TimeSpan.FromSeconds(30));
        TestContext.Out.WriteLine($"reunited {watch.Elapsed.TotalSeconds:F1} s after the partition ended");
    }
}
