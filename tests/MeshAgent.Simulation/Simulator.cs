using System.Net;
using MeshAgent.Gossip;
using MeshAgent.Gossip.Membership;
using MeshAgent.Gossip.Transport;

namespace MeshAgent.Simulation;

/// <summary>
/// A group of <see cref="GossipMembership"/> members on an <see cref="InMemoryNetwork"/> in message mode and a
/// <see cref="VirtualTimeProvider"/>, LAN preset. Phases: a converged group of N − 1 members (seeded) is
/// joined by one more member (join propagation); members crash one at a time (first detection, full
/// dissemination); each comes back as a fresh process and rejoins; then the group runs for the given minutes
/// under the given loss (false dead declarations, messages and bytes per member per second). Loss applies
/// throughout; false positives are counted in the final steady phase only. Members share one
/// <see cref="MemberDirectory"/>, so member facts are stored once. Single-threaded and deterministic.
/// </summary>
internal sealed class Simulator(SimulationSettings settings)
{
    private static readonly TimeSpan Step = TimeSpan.FromMilliseconds(10);
    private readonly VirtualTimeProvider _clock = new();
    private readonly List<GossipMembership> _nodes = [];
    private readonly HashSet<string> _crashed = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _knowsJoiner = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<string>> _declaredDead = new(StringComparer.Ordinal);
    private readonly MemberDirectory _directory = new();
    private string? _joiner;
    private TimeSpan? _firstSuspicion;
    private bool _countFalsePositives;
    private int _falseDeclarations;
    private int _falseFailedEvents;
    private readonly HashSet<string> _falselyDeclared = new(StringComparer.Ordinal);
    private InMemoryNetwork _network = null!;
    private int _restarts;

    public SimulationResult Run()
    {
        _network = new InMemoryNetwork(_clock, settings.Seed) { PacketLoss = settings.Loss, Latency = TimeSpan.FromMilliseconds(1), Jitter = TimeSpan.FromMilliseconds(1), CarryMessages = true };
        var random = new Random(settings.Seed);
        int n = settings.Nodes;
        var seeds = new List<(string, IPEndPoint, byte[])>(n);
        for (int i = 0; i < n; i++)
        {
            var node = CreateNode(i);
            _nodes.Add(node);
            seeds.Add((node.Name, Address(i), []));
        }
        // Converged group of n - 1; the last member joins later.
        for (int i = 0; i < n - 1; i++)
        {
            _nodes[i].Start();
            _nodes[i].SeedMembers(seeds.GetRange(0, n - 1));
        }
        _clock.Advance(TimeSpan.FromSeconds(2));
        Phase("seeded");
        long startPackets = _network.PacketsSent, startBytes = _network.BytesSent + _network.StreamBytes;

        // Join propagation.
        var joiner = _nodes[n - 1];
        _joiner = joiner.Name;
        joiner.Start();
        _ = joiner.JoinAsync([Address(0)]);
        var joinStart = _clock.Elapsed;
        int target = (int)Math.Ceiling(0.9999 * (n - 1));
        var joinTime = RunUntil(() => _knowsJoiner.Count >= target, TimeSpan.FromSeconds(60));
        Phase("joined");
        double coverage = (double)_knowsJoiner.Count / (n - 1);
        _clock.Advance(TimeSpan.FromSeconds(5));

        // Crashes, one at a time.
        var firstDetections = new List<double>();
        var disseminations = new List<double>();
        for (int c = 0; c < settings.Crashes; c++)
        {
            var victim = _nodes[random.Next(n)];
            while (_crashed.Contains(victim.Name)) victim = _nodes[random.Next(n)];
            _crashed.Add(victim.Name);
            // A crash: the process and its sockets are gone (stopping its timers also saves simulation time).
            victim.EventObserver = null;
            victim.SuspectObserver = null;
            victim.DeclareObserver = null;
            victim.DisposeAsync().AsTask().GetAwaiter().GetResult();
            _firstSuspicion = null;
            var crashAt = _clock.Elapsed;
            _declaredDead[victim.Name] = [];
            int live = n - _crashed.Count;
            var all = RunUntil(() => _declaredDead[victim.Name].Count >= live, TimeSpan.FromSeconds(120));
            Phase("crash detected");
            if (_firstSuspicion is TimeSpan first) firstDetections.Add((first - crashAt).TotalSeconds);
            if (all is TimeSpan done) disseminations.Add(done.TotalSeconds);
            _clock.Advance(TimeSpan.FromSeconds(5));
        }

        // Restarts: each crashed member comes back as a fresh process (new state, incarnation 1) and joins.
        var rejoins = new List<double>();
        foreach (var name in _crashed.Order(StringComparer.Ordinal).ToList())
        {
            int index = _nodes.FindIndex(x => x.Name == name);
            _nodes[index] = CreateNode(index);
            _crashed.Remove(name);
            _nodes[index].Start();
            _ = _nodes[index].JoinAsync([Address(index == 0 ? 1 : 0)]);
            var back = RunUntil(() => _nodes.Where(x => !_crashed.Contains(x.Name)).All(x => x.LiveMembers == n - _crashed.Count), TimeSpan.FromSeconds(120));
            Phase("restarted");
            if (back is TimeSpan t) rejoins.Add(t.TotalSeconds);
        }
        _clock.Advance(TimeSpan.FromSeconds(5));

        // Steady state under loss.
        long steadyPackets = _network.PacketsSent, steadyBytes = _network.BytesSent + _network.StreamBytes, steadyPacketBytes = _network.BytesSent;
        var steadyStart = _clock.Elapsed;
        _countFalsePositives = true;
        _clock.Advance(TimeSpan.FromMinutes(settings.Minutes));
        _countFalsePositives = false;
        Phase("steady");
        double seconds = (_clock.Elapsed - steadyStart).TotalSeconds;
        int live2 = n - _crashed.Count;
        double msgs = seconds > 0 ? (_network.PacketsSent - steadyPackets) / seconds / live2 : 0;
        double bytes = seconds > 0 ? (_network.BytesSent + _network.StreamBytes - steadyBytes) / seconds / live2 : 0;
        double packetBytes = seconds > 0 ? (_network.BytesSent - steadyPacketBytes) / seconds / live2 : 0;
        _ = startPackets + startBytes;

        return new SimulationResult(
            n, settings.Loss, settings.Seed, settings.Lifeguard, settings.Minutes,
            joinTime?.TotalSeconds is double j ? Math.Round(j, 3) : null,
            Math.Round(coverage, 5),
            Median(firstDetections),
            Median(firstDetections) is double fd ? Math.Round(fd / 1.0, 3) : null, // LAN probe interval is 1 s
            Median(disseminations),
            disseminations.Count,
            settings.Crashes,
            Median(rejoins),
            rejoins.Count,
            _falseDeclarations,
            _falseFailedEvents,
            _falselyDeclared.Count,
            Math.Round(msgs, 3),
            Math.Round(bytes, 1),
            Math.Round(packetBytes, 1),
            _nodes.Sum(x => x.Statistics.MalformedPackets));
    }

    private GossipMembership CreateNode(int i)
    {
        var options = GossipOptions.Lan($"m{i}") with
        {
            RandomSeed = settings.Seed * 1_000_003 + i + _restarts++ * 7919,
            Lifeguard = settings.Lifeguard,
            TcpPingFallback = false,
        };
        var node = new GossipMembership(options, _network.CreateTransport(Address(i)), _clock, null, _directory) { PublishEvents = false };
        node.EventObserver = e => Observe(node, e);
        node.DeclareObserver = suspect =>
        {
            // A live member declared dead by a live member's own suspicion timeout: one false positive.
            if (!_countFalsePositives || _crashed.Contains(suspect) || _crashed.Contains(node.Name)) return;
            _falseDeclarations++;
            _falselyDeclared.Add(suspect);
            if (Debug)
            {
                var victim = _nodes.First(x => x.Name == suspect);
                var selfView = victim.Members.First(m => m.Name == suspect);
                var obsView = node.Members.First(m => m.Name == suspect);
                Console.Error.WriteLine($"FP t={_clock.Elapsed.TotalSeconds:F1} {node.Name} declared {suspect}: observer inc {obsView.Incarnation}, victim inc {selfView.Incarnation}, victim health {victim.HealthScore}, observer health {node.HealthScore}");
            }
        };
        node.SuspectObserver = (suspect, _) =>
        {
            if (_crashed.Contains(suspect) && _firstSuspicion is null) _firstSuspicion = _clock.Elapsed;
        };
        return node;
    }

    private void Observe(GossipMembership observer, MembershipEvent e)
    {
        // A crashed member still runs its timers but hears nothing: its verdicts do not count.
        if (e.Member is null || _crashed.Contains(observer.Name)) return;
        switch (e.Kind)
        {
            case MembershipEventKind.Join when e.Member.Name == _joiner:
                _knowsJoiner[observer.Name] = 1;
                break;
            case MembershipEventKind.Failed:
                if (_crashed.Contains(e.Member.Name))
                {
                    if (_declaredDead.TryGetValue(e.Member.Name, out var set)) set.Add(observer.Name);
                }
                else if (_countFalsePositives)
                {
                    _falseFailedEvents++;
                }
                break;
            default:
                break;
        }
    }

    private readonly System.Diagnostics.Stopwatch _wall = System.Diagnostics.Stopwatch.StartNew();
    private static readonly bool Debug = Environment.GetEnvironmentVariable("SIM_DEBUG") is not null;

    /// <summary>With SIM_DEBUG set: progress, wall time and memory per phase on stderr.</summary>
    private void Phase(string name)
    {
        if (!Debug) return;
        using var process = System.Diagnostics.Process.GetCurrentProcess();
        var gc = GC.GetGCMemoryInfo();
        Console.Error.WriteLine($"{name}: virtual {_clock.Elapsed.TotalSeconds:F1} s, wall {_wall.Elapsed.TotalSeconds:F1} s, heap {GC.GetTotalMemory(false) >> 20} MiB, committed {gc.TotalCommittedBytes >> 20} MiB, ws {process.WorkingSet64 >> 20} MiB, gc {GC.CollectionCount(0)}/{GC.CollectionCount(1)}/{GC.CollectionCount(2)}, pending {_clock.Pending}");
    }

    private TimeSpan? RunUntil(Func<bool> condition, TimeSpan limit)
    {
        var start = _clock.Elapsed;
        while (_clock.Elapsed - start < limit)
        {
            if (condition()) return _clock.Elapsed - start;
            _clock.Advance(Step);
        }
        return condition() ? _clock.Elapsed - start : null;
    }

    private static double? Median(List<double> values)
    {
        if (values.Count == 0) return null;
        var sorted = values.Order().ToList();
        double m = sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
        return Math.Round(m, 3);
    }

    private static IPEndPoint Address(int i) => new(new IPAddress([10, (byte)(i >> 16), (byte)(i >> 8), (byte)i]), 7946);
}
