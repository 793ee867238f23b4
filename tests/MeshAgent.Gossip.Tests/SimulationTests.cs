using System.Text.Json;
using MeshAgent.Simulation;

namespace MeshAgent.Gossip.Tests;

public class SimulationTests
{
    private static readonly SimulationSettings Small = new() { Nodes = 50, Loss = 0.05, Seed = 3, Minutes = 0.5, Crashes = 2 };

    [Test, CancelAfter(300_000)]
    public void Run_FiftyMembersWithLoss_ConvergesDetectsAndIsDeterministic()
    {
        var first = new Simulator(Small).Run();
        Assert.That(first.JoinCoverage, Is.EqualTo(1.0), "every member learns of the joiner");
        Assert.That(first.JoinPropagationSeconds, Is.Not.Null);
        Assert.That(first.CrashesDetected, Is.EqualTo(2), "every crash reaches every live member");
        Assert.That(first.FirstDetectionMedianSeconds, Is.Not.Null);
        Assert.That(first.Restarts, Is.EqualTo(2), "every restarted member is alive everywhere again");
        Assert.That(first.MalformedPackets, Is.Zero);
        Assert.That(first.MessagesPerNodePerSecond, Is.GreaterThan(0));

        var second = new Simulator(Small).Run();
        Assert.That(JsonSerializer.Serialize(second, SimulationJson.Default.SimulationResult),
            Is.EqualTo(JsonSerializer.Serialize(first, SimulationJson.Default.SimulationResult)));
    }
}
