using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using MeshAgent.Core.Api;
using MeshAgent.Daemon.Tests.TestSupport;
using MeshAgent.Lab;
using MeshAgent.Lab.Mesh;

namespace MeshAgent.Daemon.Tests.Lab;

/// <summary>
/// The product end to end: one hub (the authority) and four spokes, spoke4 behind a NAT host without port
/// mapping, each running the real meshagent with wireguard-go, gossip and dnsmasq, configured only through
/// agent.yaml and meshctl. Checked with ping, dig and wg(8), independent of our code. The tests share one
/// mesh and run in order: later ones (revocation, partition) change it.
/// </summary>
[Category("Lab")]
[NonParallelizable]
public partial class MeshEndToEndLabTests
{
    private static readonly TimeSpan Converge = TimeSpan.FromSeconds(90);
    private LabNetwork? _lab;
    private MeshLab _mesh = null!;
    private MeshLabNode _hub = null!;
    private List<MeshLabNode> _spokes = [];
    private Dictionary<string, string> _addresses = [];

    private IEnumerable<MeshLabNode> Running => _mesh.Nodes.Where(n => n.Daemon is not null);

    [OneTimeSetUp]
    public async Task BuildMeshAsync()
    {
        var missing = LabRequirements.MissingTools(["wireguard-go", "wg", "ip", "nft", "dnsmasq", "dig", "ping", "curl"]);
        if (!LabRequirements.IsRoot || missing.Count > 0)
        {
            var reason = LabRequirements.IsRoot ? $"missing tools: {string.Join(", ", missing)}" : "not running as root";
            if (LabRequirements.IsCi)
            {
                Assert.Fail($"CI must be able to run the end-to-end mesh: {reason}");
            }

            Assert.Ignore($"This machine cannot run the end-to-end mesh: {reason}");
        }

        _lab = await LabNetwork.CreateAsync("e2emesh");
        _mesh = new MeshLab(_lab, DaemonProcess.DaemonPath, DaemonProcess.MeshctlPath);
        _hub = await _mesh.StartHubAsync();
        for (var i = 1; i <= 4; i++)
        {
            _spokes.Add(await _mesh.AddSpokeAsync(string.Create(CultureInfo.InvariantCulture, $"spoke{i}"), behindNat: i == 4));
        }

        await _mesh.WaitUntilAllKnowAsync([.. _mesh.Nodes.Select(n => n.Name)], Converge);
        _addresses = await _mesh.MeshAddressesAsync(_hub);
    }

    [OneTimeTearDown]
    public async Task TearDownAsync()
    {
        if (_lab is null)
        {
            return;
        }

        var failed = TestContext.CurrentContext.Result.FailCount > 0;
        _lab.KeepDirectory = failed;
        if (failed)
        {
            TestContext.Out.WriteLine($"lab logs kept in {_lab.Directory}");
        }

        await _lab.DisposeAsync();
    }

    [Test]
    [Order(1)]
    public async Task Mesh_EveryHostPingsEveryOtherByMeshAddress()
    {
        var addresses = await _mesh.MeshAddressesAsync(_hub);
        Assert.That(addresses.Keys, Is.EquivalentTo(_mesh.Nodes.Select(n => n.Name)));
        await Poll.UntilAsync(async () => (await UnreachablePairsAsync(addresses)).Count == 0, Converge, "every host to ping every other");

        Assert.That(await UnreachablePairsAsync(addresses), Is.Empty);
    }

    [Test]
    [Order(2)]
    public async Task Mesh_NamesResolveThroughEveryHostsDnsmasq()
    {
        var addresses = await _mesh.MeshAddressesAsync(_hub);
        await Poll.UntilAsync(async () => (await UnresolvedNamesAsync(addresses)).Count == 0, Converge, "every mesh name to resolve on every host");

        Assert.That(await UnresolvedNamesAsync(addresses), Is.Empty);
    }

    [Test]
    [Order(3)]
    public async Task Mesh_PublicSpokesDirect_NatedSpokeThroughHub()
    {
        var nated = _spokes[3];
        var keys = await PublicKeysAsync();
        Dictionary<string, WgPeer> peers = [];
        await Poll.UntilAsync(
            async () =>
            {
                peers = await WgPeersAsync(_spokes[0]);
                return peers.TryGetValue(keys["spoke2"], out var direct) && direct.HandshakeAge < TimeSpan.FromMinutes(3);
            },
            Converge,
            "spoke1 to complete a handshake with spoke2 directly");
        var hubPeer = peers[keys[_hub.Name]];

        Assert.Multiple(() =>
        {
            Assert.That(peers[keys["spoke2"]].AllowedIPs, Is.EqualTo(new[] { $"{Address("spoke2")}/32" }), "direct /32 to spoke2");
            Assert.That(peers[keys["spoke2"]].Endpoint, Is.EqualTo("192.0.2.12:51820"), "spoke2 reached at its own endpoint");
            Assert.That(peers.ContainsKey(keys[nated.Name]), Is.False, "no direct peer for the spoke behind NAT");
            Assert.That(hubPeer.AllowedIPs, Does.Contain(MeshLab.Prefix), "the NATed spoke is reached through the hub's mesh prefix");
        });
        Assert.That(await MeshLab.PingAsync(_spokes[0], Address(nated.Name)), Is.True, "spoke1 reaches the NATed spoke through the hub");
    }

    [Test]
    [Order(3)]
    public async Task Graph_EveryHost_EveryNodeAndEveryPairWithBothEndsReports()
    {
        var names = _mesh.Nodes.Select(n => n.Name).Order(StringComparer.Ordinal).ToList();
        var pairs = names.SelectMany((a, i) => names.Skip(i + 1).Select(b => $"{a} -- {b}")).ToList();
        var clock = Stopwatch.StartNew();
        Dictionary<string, MeshGraph> graphs = [];
        await Poll.UntilAsync(
            async () =>
            {
                graphs = await GraphsAsync();
                return graphs.Values.All(g => Incomplete(g, names, pairs).Count == 0);
            },
            Converge,
            "every host's graph to hold every node and every pair, reported by both ends");
        TestContext.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"whole graph on all {graphs.Count} hosts after {clock.Elapsed.TotalSeconds:0.0} s of polling"));
        TestContext.Out.WriteLine(await _mesh.MeshctlAsync(_spokes[3], "graph"));

        Assert.Multiple(() =>
        {
            foreach (var (host, graph) in graphs)
            {
                Assert.That(Incomplete(graph, names, pairs), Is.Empty, host);
                Assert.That(graph.Self, Is.EqualTo(host));
                var hubToNated = graph.Edges.Single(e => e.From == _hub.Name && e.To == _spokes[3].Name);
                Assert.That(hubToNated.Ends!.Select(e => e.Node), Is.EqualTo(new[] { _hub.Name, _spokes[3].Name }), $"{host}: both ends of hub1 -- spoke4");
                Assert.That(hubToNated.Kind, Is.EqualTo("hub"), $"{host}: the NATed spoke's tunnel to the hub");
                Assert.That(graph.Edges.Single(e => e.From == "spoke1" && e.To == _spokes[3].Name).Kind, Is.EqualTo("relayed"), $"{host}: spoke1 reaches the NATed spoke through the hub");
                Assert.That(graph.Edges.SelectMany(e => e.Ends!).All(e => e.ReportAgeSeconds <= 120), Is.True, $"{host}: no report older than two minutes");
            }
        });
    }

    [Test]
    [Order(3)]
    public async Task Top_OnASpoke_TwoScreensOfItsPeersWithRates()
    {
        var output = await _mesh.MeshctlAsync(_spokes[0], "top", "--count", "2");
        TestContext.Out.WriteLine(output);

        var screens = output.Split("meshctl top:", StringSplitOptions.RemoveEmptyEntries);
        Assert.That(screens, Has.Length.EqualTo(2), output);
        var hubRow = screens[1].Split('\n').Single(l => l.StartsWith(_hub.Name + " ", StringComparison.Ordinal));
        Assert.That(hubRow, Does.Match(@"^hub1\s+hub\s+\d+s ago\s+[\d.]+ (B|KiB|MiB)/s\s+[\d.]+ (B|KiB|MiB)/s"), "the second screen has rates");
        Assert.That(screens[1], Does.Contain("spoke2").And.Contain("spoke3"));
    }

    [Test]
    [Order(4)]
    public async Task Join_SixthHostWithToken_PeerAndNameOnEveryHost()
    {
        var sixth = await _mesh.PrepareSpokeAsync("spoke5");
        var clock = Stopwatch.StartNew();
        await _mesh.StartAsync(sixth);
        var answered = clock.Elapsed;
        var key = (await _mesh.MeshctlAsync(sixth, "pubkey")).Trim();
        string? address = null;
        await Poll.UntilAsync(
            async () =>
            {
                address ??= (await _mesh.MeshAddressesAsync(sixth)).GetValueOrDefault("spoke5");
                if (address is null)
                {
                    return false;
                }

                var checks = await Task.WhenAll(Running.Where(n => n != sixth).Select(async node =>
                {
                    // The hub and the public spokes have a peer for it; the spoke behind NAT reaches it through the hub.
                    var hasPeer = node.BehindNat || (await WgPeersAsync(node)).TryGetValue(key, out var peer) && peer.AllowedIPs.Contains($"{address}/32");
                    return hasPeer && await DigAsync(node, "spoke5.mesh") == address;
                }));
                return checks.All(c => c);
            },
            Converge,
            "spoke5 to be a name on every host and a peer where it should be one");
        var everywhere = clock.Elapsed;
        TestContext.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"join -> everywhere: {everywhere.TotalSeconds:0.00} s from starting the agent (its API answered after {answered.TotalSeconds:0.00} s)"));

        var hubPeers = await WgPeersAsync(_hub);
        Assert.That(hubPeers.Values.Count(p => p.AllowedIPs.Contains($"{address}/32")), Is.EqualTo(1), "the hub has exactly one peer for spoke5");
        Assert.That(await MeshLab.PingAsync(_spokes[0], address!), Is.True);
    }

    [Test]
    [Order(5)]
    public async Task Join_WithoutToken_PendingUntilAdmitted()
    {
        var node = await _mesh.PrepareSpokeAsync("spoke6", withToken: false);
        await _mesh.StartAsync(node);
        await Poll.UntilAsync(async () => (await _mesh.MeshctlAsync(_hub, "pending")).Contains("spoke6", StringComparison.Ordinal), Converge, "spoke6 to be pending at the hub");
        var waiting = await _mesh.MeshctlAsync(node, "status");
        var notReady = await node.Host.RunAsync("curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", $"http://{node.Underlay}:9473/health/ready");

        var admitted = await _mesh.MeshctlAsync(_hub, "admit", "spoke6");
        await _mesh.WaitUntilAllKnowAsync(["spoke6"], Converge);
        var address = (await _mesh.MeshAddressesAsync(_hub))["spoke6"];
        await Poll.UntilAsync(() => MeshLab.PingAsync(_spokes[0], address), Converge, "spoke1 to reach the admitted spoke6");

        Assert.Multiple(() =>
        {
            Assert.That(waiting, Does.Contain("pending at hub1"), "meshctl status says what it waits for");
            Assert.That(notReady.StdOut.Trim(), Is.EqualTo("503"), "not ready while not admitted");
            Assert.That(admitted, Does.Contain($"admitted spoke6 as spoke at {address}"));
        });
    }

    [Test]
    [Order(6)]
    public async Task Api_NodesAndGraphOnHttp_AdminVerbsOnlyOnTheSocket()
    {
        var nodes = await _hub.Host.RunAsync("curl", "-sf", $"http://{_hub.Underlay}:9473/api/v1/nodes");
        var one = await _hub.Host.RunAsync("curl", "-sf", $"http://{_hub.Underlay}:9473/api/v1/nodes/spoke2");
        var graph = await _hub.Host.RunAsync("curl", "-sf", $"http://{_hub.Underlay}:9473/api/v1/graph");
        var pendingOverTcp = await _hub.Host.RunAsync("curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", $"http://{_hub.Underlay}:9473/v1/pending");
        var tokenOverTcp = await _hub.Host.RunAsync("curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", "-X", "POST", "-d", "{}", $"http://{_hub.Underlay}:9473/v1/tokens");

        Assert.Multiple(() =>
        {
            Assert.That(nodes.Succeeded, Is.True, nodes.StdErr);
            foreach (var name in new[] { "hub1", "spoke1", "spoke2", "spoke3", "spoke4" })
            {
                Assert.That(nodes.StdOut, Does.Contain($"\"name\": \"{name}\""));
            }

            Assert.That(one.StdOut, Does.Contain("\"mesh_ipv4\": \"" + Address("spoke2") + "\""));
            Assert.That(graph.StdOut, Does.Contain("\"edges\""));
            Assert.That(nodes.StdOut + graph.StdOut, Does.Not.Contain("private"), "no private key anywhere");
            Assert.That(pendingOverTcp.StdOut.Trim(), Is.EqualTo("404"));
            Assert.That(tokenOverTcp.StdOut.Trim(), Is.EqualTo("404"));
        });
    }

    [Test]
    [Order(7)]
    public async Task Restart_AfterKill9_ConvergesWithoutDuplicateOrStalePeer()
    {
        var spoke = _spokes[0];
        var before = await WgPeersAsync(_hub);
        await MeshLab.KillAsync(spoke);
        await _mesh.StartAsync(spoke);

        await Poll.UntilAsync(async () => await MeshLab.PingAsync(spoke, Address("spoke2")) && await MeshLab.PingAsync(_hub, Address(spoke.Name)), Converge, "the restarted spoke to reach and be reached");
        await _mesh.WaitUntilAllKnowAsync([spoke.Name], Converge);
        var after = await WgPeersAsync(_hub);
        var spokePeers = await WgPeersAsync(spoke);

        Assert.Multiple(() =>
        {
            Assert.That(after.Keys, Is.EquivalentTo(before.Keys), "the hub's peer set is the same: no duplicate, nothing stale");
            Assert.That(spokePeers.Values.SelectMany(p => p.AllowedIPs).GroupBy(a => a).Where(g => g.Count() > 1), Is.Empty, "no prefix on two peers");
        });
    }

    [Test]
    [Order(8)]
    public async Task ForgedRecord_IgnoredAndCounted()
    {
        // A rogue agent with its own authority but the gossip key (a leaked key, or a compromised member) gossips
        // its self-signed record to the hub over the underlay.
        var rogue = await _lab!.AddHostAsync("rogue");
        var keyFile = Path.Combine(_lab.Directory, "rogue-authority.key");
        var init = await CommandRunner.RunAsync(DaemonProcess.MeshctlPath, ["authority", "init", "--key-file", keyFile]);
        Assert.That(init.ExitCode, Is.Zero, init.StdErr);
        await _lab.ConnectAsync(rogue, "eth0", "192.0.2.66/24", _mesh.Underlay!);
        var directory = Path.Combine(_lab.Directory, "rogue");
        Directory.CreateDirectory(directory);
        var config = Path.Combine(directory, "agent.yaml");
        File.WriteAllText(config, $"""
            node:
              name: rogue
              state_dir: {directory}/state
              runtime_dir: {directory}/run
            http:
              listen: "192.0.2.66:9473"
              api_socket: {directory}/run/meshagent.sock
            mesh:
              prefix: {MeshLab.Prefix}
              address: 10.10.11.1/24
              role: hub
              endpoint: "192.0.2.66:51820"
              backend: userspace
            authority:
              public_key: "{init.StdOut.Trim()}"
              key_file: {keyFile}
            gossip:
              advertise: 192.0.2.66
              join: ["192.0.2.1"]
              key_file: {_mesh.GossipKeyFile}
            """);
        var process = rogue.Start(DaemonProcess.DaemonPath, ["run", "--config", config], new LabProcessOptions { Name = "meshagent", WireGuardRunDirectory = true });
        try
        {
            await Poll.UntilAsync(async () => await RejectedAsync(_hub, "bad_signature") > 0, Converge, "the hub to count the forged record");

            var members = await _mesh.MemberStatesAsync(_hub);
            var hubRecordAddress = (await _mesh.MeshAddressesAsync(_spokes[1]))[_hub.Name];
            Assert.Multiple(() =>
            {
                Assert.That(members.Keys, Does.Not.Contain("rogue"), "the forged record is not a member");
                Assert.That(hubRecordAddress, Is.EqualTo("10.10.11.1"), "the rogue's claim on 10.10.11.1 changed nothing");
            });
            Assert.That(await MeshLab.PingAsync(_spokes[1], "10.10.11.1"), Is.True, "the real hub still answers at its address");
        }
        finally
        {
            await process.StopAsync(TimeSpan.FromSeconds(20));
        }
    }

    [Test]
    [Order(9)]
    public async Task Sighup_WithBadConfig_KeepsTheMeshOnTheLastGoodConfig()
    {
        var spoke = _spokes[1];
        var good = File.ReadAllText(spoke.ConfigPath);
        File.WriteAllText(spoke.ConfigPath, good.Replace("prefix: 10.10.11.0/24", "prefix: 10.10.11.0/99", StringComparison.Ordinal) + "\nbogus_section: {}\n");
        try
        {
            await spoke.Daemon!.SignalAsync(LabSignal.Hup);
            await spoke.Daemon.WaitForOutputAsync("keeping the last good configuration", TimeSpan.FromSeconds(30));

            Assert.Multiple(() =>
            {
                Assert.That(spoke.Daemon.HasExited, Is.False, "the agent keeps running");
                Assert.That(spoke.Daemon.Output, Does.Contain("mesh.prefix"), "the problem is named by its YAML path");
            });
            Assert.That(await MeshLab.PingAsync(spoke, Address(_hub.Name)), Is.True, "the mesh still works");
        }
        finally
        {
            File.WriteAllText(spoke.ConfigPath, good);
        }
    }

    [Test]
    [Order(10)]
    public async Task Revoke_NodeDisappearsEverywhere()
    {
        var revoked = _spokes[2];
        var key = (await PublicKeysAsync())[revoked.Name];
        var output = await _mesh.MeshctlAsync(_hub, "revoke", revoked.Name);

        await Poll.UntilAsync(
            async () =>
            {
                foreach (var node in Running.Where(n => n != revoked))
                {
                    if ((await WgPeersAsync(node)).ContainsKey(key) || (await _mesh.MemberStatesAsync(node)).ContainsKey(revoked.Name))
                    {
                        return false;
                    }
                }

                return true;
            },
            Converge,
            "the revoked node's peer and record to disappear everywhere");

        Assert.That(output, Does.Contain("revoked"));
        Assert.That(await MeshLab.PingAsync(_spokes[0], Address(revoked.Name)), Is.False, "the revoked node is unreachable");
        await MeshLab.StopAsync(revoked);
    }

    [Test]
    [Order(11)]
    public async Task Partition_Of60Seconds_HealsOnItsOwn()
    {
        var left = new[] { _hub.Host, _spokes[0].Host };
        var right = Running.Where(n => n != _hub && n != _spokes[0] && !n.BehindNat).Select(n => n.Host).ToArray();
        var names = Running.Select(n => n.Name).ToList();
        await _lab!.PartitionAsync(left, right);
        await Task.Delay(TimeSpan.FromSeconds(60));
        var during = await _mesh.MemberStatesAsync(_spokes[0]);
        await _lab.HealAsync();
        var healed = Stopwatch.StartNew();

        await _mesh.WaitUntilAllKnowAsync(names, TimeSpan.FromSeconds(60));
        TestContext.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"partition healed {healed.Elapsed.TotalSeconds:0.0} s after its end"));
        Assert.That(during.GetValueOrDefault(_spokes[1].Name), Is.Not.EqualTo("alive"), "during the partition spoke1 saw spoke2 fail");
    }

    private string Address(string name) => _addresses[name];

    private async Task<Dictionary<string, MeshGraph>> GraphsAsync()
    {
        var graphs = new Dictionary<string, MeshGraph>(StringComparer.Ordinal);
        foreach (var node in Running)
        {
            var json = await _mesh.MeshctlAsync(node, "graph", "--json");
            graphs[node.Name] = JsonSerializer.Deserialize(json, ApiJsonContext.Default.MeshGraph)!;
        }

        return graphs;
    }

    /// <summary>Nodes missing from <paramref name="graph"/>, and pairs without an edge reported by both ends.</summary>
    private static List<string> Incomplete(MeshGraph graph, List<string> names, List<string> pairs)
    {
        var edges = graph.Edges.Where(e => e.Ends?.Count == 2).Select(e => $"{e.From} -- {e.To}").ToHashSet(StringComparer.Ordinal);
        return [.. names.Except(graph.Nodes.Select(n => n.Name)), .. pairs.Where(p => !edges.Contains(p))];
    }

    private async Task<List<string>> UnreachablePairsAsync(Dictionary<string, string> addresses)
    {
        var failures = await Task.WhenAll(Running.SelectMany(node => addresses.Where(a => a.Key != node.Name).Select(async target =>
            await MeshLab.PingAsync(node, target.Value) ? null : $"{node.Name} -> {target.Key}")));
        return [.. failures.OfType<string>()];
    }

    private async Task<List<string>> UnresolvedNamesAsync(Dictionary<string, string> addresses)
    {
        var failures = await Task.WhenAll(Running.SelectMany(node => addresses.Select(async target =>
            await DigAsync(node, $"{target.Key}.mesh") == target.Value ? null : $"{target.Key}.mesh on {node.Name}")));
        return [.. failures.OfType<string>()];
    }

    private static async Task<string> DigAsync(MeshLabNode node, string name) =>
        (await node.Host.RunAsync("dig", "+short", "+time=1", "+tries=1", "@127.0.0.1", name)).StdOut.Trim();

    private async Task<Dictionary<string, string>> PublicKeysAsync()
    {
        var keys = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var node in Running)
        {
            keys[node.Name] = (await _mesh.MeshctlAsync(node, "pubkey")).Trim();
        }

        return keys;
    }

    private static async Task<long> RejectedAsync(MeshLabNode node, string reason)
    {
        var metrics = await node.Host.RunAsync("curl", "-sf", $"http://{node.Underlay}:9473/metrics");
        var line = metrics.StdOut.Split('\n').FirstOrDefault(l => l.StartsWith("meshagent_records_rejected_total{", StringComparison.Ordinal) && l.Contains($"reason=\"{reason}\"", StringComparison.Ordinal));
        return line is null ? 0 : (long)double.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture);
    }

    /// <summary>wg(8)'s view of wg0 in <paramref name="node"/> (it sees only the host's private /run/wireguard).</summary>
    private static async Task<Dictionary<string, WgPeer>> WgPeersAsync(MeshLabNode node)
    {
        var wg = node.Host.Start("wg", ["show", "wg0", "dump"], new LabProcessOptions { WireGuardRunDirectory = true, Name = "wg" });
        await wg.WaitForExitAsync();
        var now = DateTimeOffset.UtcNow;
        return wg.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .Select(line => line.Split('\t'))
            .Where(f => f.Length >= 8)
            .Select(f => new WgPeer(
                f[0],
                f[2] == "(none)" ? null : f[2],
                f[3] == "(none)" ? [] : [.. f[3].Split(',')],
                f[4] == "0" ? TimeSpan.MaxValue : now - DateTimeOffset.FromUnixTimeSeconds(long.Parse(f[4], CultureInfo.InvariantCulture))))
            .ToDictionary(p => p.PublicKey, StringComparer.Ordinal);
    }

    private sealed record WgPeer(string PublicKey, string? Endpoint, IReadOnlyList<string> AllowedIPs, TimeSpan HandshakeAge);
}
