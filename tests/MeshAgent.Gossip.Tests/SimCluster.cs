using System.Net;
using MeshAgent.Gossip.Membership;
using MeshAgent.Gossip.Transport;

namespace MeshAgent.Gossip.Tests;

/// <summary>Members on an <see cref="InMemoryNetwork"/> driven by a <see cref="VirtualTimeProvider"/>.</summary>
internal sealed class SimCluster
{
    public VirtualTimeProvider Clock { get; } = new();
    public InMemoryNetwork Network { get; }
    public List<GossipMembership> Nodes { get; } = [];
    public List<string> Log { get; } = [];

    public SimCluster(int seed = 1) => Network = new InMemoryNetwork(Clock, seed);

    public static IPEndPoint Address(int i) => new(new IPAddress([10, 0, (byte)(i / 250), (byte)(i % 250 + 1)]), 7946);

    public GossipMembership Add(Func<string, GossipOptions>? preset = null, Func<GossipOptions, GossipOptions>? tweak = null)
    {
        int i = Nodes.Count;
        var options = (preset ?? GossipOptions.Lan)($"n{i}") with { RandomSeed = 1000 + i, TcpPingFallback = false };
        if (tweak is not null) options = tweak(options);
        var node = new GossipMembership(options, Network.CreateTransport(Address(i)), Clock);
        node.EventObserver = e => Log.Add($"{Clock.Elapsed.TotalMilliseconds:F0} {node.Name} {e.Kind} {e.Member?.Name} {e.Payload?.Length}");
        Nodes.Add(node);
        node.Start();
        return node;
    }

    public void JoinAllTo(int seed)
    {
        for (int i = 0; i < Nodes.Count; i++)
        {
            if (i != seed) _ = Nodes[i].JoinAsync([Address(seed)]);
        }
    }

    public void Run(TimeSpan t) => Clock.Advance(t);

    /// <summary>Advances in steps until <paramref name="condition"/> holds; returns the virtual time it took, or null.</summary>
    public TimeSpan? RunUntil(Func<bool> condition, TimeSpan limit)
    {
        var start = Clock.Elapsed;
        while (Clock.Elapsed - start < limit)
        {
            if (condition()) return Clock.Elapsed - start;
            Clock.Advance(TimeSpan.FromMilliseconds(50));
        }
        return condition() ? Clock.Elapsed - start : null;
    }

    public static MemberStatus? StatusOf(GossipMembership observer, string name) =>
        observer.Members.FirstOrDefault(m => m.Name == name)?.Status;
}
