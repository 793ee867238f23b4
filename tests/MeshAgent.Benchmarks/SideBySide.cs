using System.Diagnostics;
using System.Globalization;
using MeshAgent.Lab;
using MeshAgent.WireGuard;
using MeshAgent.WireGuard.Text;

namespace MeshAgent.Benchmarks;

/// <summary>
/// The measurements, run where the devices live (a lab host for userspace, the kernel rig's guest for
/// kernel): our client and wg(8) on the same generated input, alternating run by run, every result read
/// back and checked so that a fast wrong answer cannot pass for a fast right one.
/// </summary>
internal sealed class SideBySide(IWireGuardClient client, BenchmarkOptions options, TextWriter log)
{

    private const int WarmUpRounds = 60;

    private readonly ResultTable _table = new();
    private readonly string _directory = Directory.CreateTempSubdirectory("meshagent-bench-").FullName;
    private readonly string _prefix = client.Kind == WireGuardBackendKind.Kernel ? "bk" : "bu";

    private string Set => $"set {options.Peers} (fresh)";

    private string Change => $"change 1 of {options.Peers}";

    private string Dump => $"show dump of {options.Peers}";

    /// <summary>Runs the three scenarios and prints the table.</summary>
    public async Task RunAsync()
    {
        try
        {
            log.WriteLine($"{client.Kind} backend, {options.Peers:N0} peers, {options.Runs} runs per side");
            await WarmUpAsync();
            await SetScenarioAsync();
            await ChangeAndDumpScenariosAsync();
            _table.Print(log, $"{client.Kind} backend: {options.Peers:N0} peers, median of {options.Runs} runs (wall time; wg and meshctl are processes)");
        }
        finally
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    // An agent is a long-running process: warm our code paths up past tiered JIT (as BenchmarkDotNet does)
    // on a small device, then give the background re-JIT a moment. wg's binary gets its page cache warmed.
    private async Task WarmUpAsync()
    {
        var name = _prefix + "warm";
        var peers = PeerSet.Generate(200, 50999, seed: 99);
        await client.CreateDeviceAsync(name, CancellationToken.None);
        try
        {
            await client.ConfigureDeviceAsync(name, peers.SetconfConfig, CancellationToken.None);
            for (var i = 1; i <= WarmUpRounds; i++)
            {
                var device = await client.GetDeviceAsync(name, CancellationToken.None);
                _ = WgShowFormatter.Dump(device, withInterface: false);
                peers = peers.WithEndpoint(i % 200, i);
                await client.ConfigureDeviceAsync(name, DeviceDiff.Compute(peers.Config.ToDesiredDevice(name), device), CancellationToken.None);
            }

            await ToolProcess.RunAsync("wg", ["show", name, "dump"]);
            await Task.Delay(TimeSpan.FromSeconds(1));
        }
        finally
        {
            await client.DeleteDeviceAsync(name, CancellationToken.None);
        }
    }

    private async Task SetScenarioAsync()
    {
        var peers = PeerSet.Generate(options.Peers, 51000, seed: 1);
        var file = Path.Combine(_directory, "set.conf");
        await File.WriteAllTextAsync(file, peers.SetconfText);
        var config = peers.SetconfConfig;
        for (var run = 0; run < options.Runs; run++)
        {
            var name = _prefix + "s" + run.ToString(CultureInfo.InvariantCulture);
            await client.CreateDeviceAsync(name, CancellationToken.None);
            try
            {
                var (_, elapsed) = await ToolProcess.RunAsync("wg", ["setconf", name, file]);
                await ExpectPeersAsync(name, options.Peers);
                _table.Add(Set, "wg setconf (process)", elapsed);
            }
            finally
            {
                await client.DeleteDeviceAsync(name, CancellationToken.None);
            }

            await client.CreateDeviceAsync(name, CancellationToken.None);
            try
            {
                Settle();
                var clock = Stopwatch.StartNew();
                await client.ConfigureDeviceAsync(name, config, CancellationToken.None);
                clock.Stop();
                await ExpectPeersAsync(name, options.Peers);
                _table.Add(Set, "ours ConfigureDevice (in-process)", clock.Elapsed);
            }
            finally
            {
                await client.DeleteDeviceAsync(name, CancellationToken.None);
            }

            if (options.TimeMeshctl)
            {
                await client.CreateDeviceAsync(name, CancellationToken.None);
                try
                {
                    var meshctl = MeshctlCommand();
                    var (_, elapsed) = await ToolProcess.RunAsync(meshctl.File, [.. meshctl.Arguments, "wg", "setconf", name, file]);
                    await ExpectPeersAsync(name, options.Peers);
                    _table.Add(Set, "ours meshctl wg setconf (process)", elapsed);
                }
                finally
                {
                    await client.DeleteDeviceAsync(name, CancellationToken.None);
                }
            }

            log.WriteLine($"  set run {run + 1}/{options.Runs} done");
        }
    }

    private async Task ChangeAndDumpScenariosAsync()
    {
        var name = _prefix + "c";
        var current = PeerSet.Generate(options.Peers, 51001, seed: 2);
        await client.CreateDeviceAsync(name, CancellationToken.None);
        try
        {
            await client.ConfigureDeviceAsync(name, current.SetconfConfig, CancellationToken.None);
            var actual = await client.GetDeviceAsync(name, CancellationToken.None);
            var variant = 1;
            var index = 0;
            for (var run = 0; run < options.Runs; run++)
            {
                // Ours with the device state already known (the agent keeps it from its last read).
                current = current.WithEndpoint(index = Next(index), variant++);
                var desired = current.Config.ToDesiredDevice(name);
                Settle();
                var clock = Stopwatch.StartNew();
                var diff = DeviceDiff.Compute(desired, actual);
                var computed = clock.Elapsed;
                await client.ConfigureDeviceAsync(name, diff, CancellationToken.None);
                clock.Stop();
                ExpectOnePeer(diff);
                _table.Add(Change, "ours diff+apply (in-process)", clock.Elapsed);
                _table.Add(Change, "  of which DeviceDiff.Compute", computed);
                _table.Add(Change, "  of which ConfigureDevice", clock.Elapsed - computed);
                actual = await ExpectEndpointAsync(name, current, index);

                // Ours when the caller knows which peer changed (one membership event): that peer's diff alone.
                current = current.WithEndpoint(index = Next(index), variant++);
                var wantPeer = current.Config.ToDesiredDevice(name).Peers[index];
                var known = actual.Peers.ToDictionary(p => p.PublicKey);
                Settle();
                clock.Restart();
                var peerChange = DeviceDiff.ComputePeer(wantPeer, known.GetValueOrDefault(wantPeer.PublicKey));
                await client.ConfigureDeviceAsync(name, new DeviceConfig { Peers = [peerChange!] }, CancellationToken.None);
                clock.Stop();
                _table.Add(Change, "ours one-peer diff+apply (in-process)", clock.Elapsed);
                actual = await ExpectEndpointAsync(name, current, index);

                // Ours reading the device first.
                current = current.WithEndpoint(index = Next(index), variant++);
                desired = current.Config.ToDesiredDevice(name);
                Settle();
                clock.Restart();
                var read = await client.GetDeviceAsync(name, CancellationToken.None);
                diff = DeviceDiff.Compute(desired, read);
                await client.ConfigureDeviceAsync(name, diff, CancellationToken.None);
                clock.Stop();
                ExpectOnePeer(diff);
                _table.Add(Change, "ours read+diff+apply (in-process)", clock.Elapsed);
                actual = await ExpectEndpointAsync(name, current, index);

                // wg set for just that peer.
                current = current.WithEndpoint(index = Next(index), variant++);
                var peer = current.Config.Peers[index];
                var (_, elapsed) = await ToolProcess.RunAsync("wg",
                    ["set", name, "peer", peer.PublicKey.ToBase64(), "endpoint", peer.Endpoint!.ToString()]);
                _table.Add(Change, "wg set peer (process)", elapsed);
                actual = await ExpectEndpointAsync(name, current, index);

                // wg setconf with the whole file, one endpoint different.
                current = current.WithEndpoint(index = Next(index), variant++);
                var file = Path.Combine(_directory, "change.conf");
                await File.WriteAllTextAsync(file, current.SetconfText);
                (_, elapsed) = await ToolProcess.RunAsync("wg", ["setconf", name, file]);
                _table.Add(Change, "wg setconf full replace (process)", elapsed);
                actual = await ExpectEndpointAsync(name, current, index);
                log.WriteLine($"  change run {run + 1}/{options.Runs} done");
            }

            await DumpScenarioAsync(name);
        }
        finally
        {
            await client.DeleteDeviceAsync(name, CancellationToken.None);
        }
    }

    private async Task DumpScenarioAsync(string name)
    {
        var meshctl = MeshctlCommand();
        for (var run = 0; run < options.Runs; run++)
        {
            var (wgText, elapsed) = await ToolProcess.RunAsync("wg", ["show", name, "dump"]);
            _table.Add(Dump, "wg show dump (process)", elapsed);

            Settle();
            var clock = Stopwatch.StartNew();
            var device = await client.GetDeviceAsync(name, CancellationToken.None);
            var ourText = WgShowFormatter.Dump(device, withInterface: false);
            clock.Stop();
            _table.Add(Dump, "ours get+format (in-process)", clock.Elapsed);
            ExpectSameDump(ourText, wgText, "library");

            if (options.TimeMeshctl)
            {
                var (meshctlText, meshctlElapsed) = await ToolProcess.RunAsync(meshctl.File, [.. meshctl.Arguments, "wg", "show", name, "dump"]);
                _table.Add(Dump, "ours meshctl wg show dump (process)", meshctlElapsed);
                ExpectSameDump(meshctlText, wgText, "meshctl");
            }

            log.WriteLine($"  dump run {run + 1}/{options.Runs} done");
        }
    }

    // Between runs, as BenchmarkDotNet does: garbage of the untimed preparation is not collected in a timed part.
    private static void Settle()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
    }

    private int Next(int index) => (index + 997) % options.Peers;

    private async Task ExpectPeersAsync(string name, int count)
    {
        var device = await client.GetDeviceAsync(name, CancellationToken.None);
        if (device.Peers.Count != count)
        {
            throw new InvalidOperationException($"{name} has {device.Peers.Count} peers, expected {count}");
        }
    }

    private async Task<WireGuardDevice> ExpectEndpointAsync(string name, PeerSet current, int index)
    {
        var device = await client.GetDeviceAsync(name, CancellationToken.None);
        var want = current.Config.Peers[index];
        var have = device.Peers.Single(p => p.PublicKey == want.PublicKey);
        if (!Equals(have.Endpoint, want.Endpoint) || device.Peers.Count != options.Peers)
        {
            throw new InvalidOperationException($"{name}: peer {index} has endpoint {have.Endpoint}, expected {want.Endpoint}; {device.Peers.Count} peers");
        }

        return device;
    }

    private static void ExpectOnePeer(DeviceConfig diff)
    {
        if (diff.Peers.Count != 1 || diff.PrivateKey is not null || diff.ListenPort is not null || diff.FirewallMark is not null || diff.ReplacePeers)
        {
            throw new InvalidOperationException($"the diff should change exactly one peer, it has {diff.Peers.Count}");
        }
    }

    // wireguard-go lists peers in Go map order, which differs between reads; everything else must match.
    private static void ExpectSameDump(string ours, string wg, string what)
    {
        static string Sorted(string text) => string.Join('\n', text.Split('\n').Order(StringComparer.Ordinal));
        if (Sorted(ours) != Sorted(wg))
        {
            throw new InvalidOperationException($"{what} dump differs from wg show dump");
        }
    }

    // The programs under test (MESHAGENT_TEST_BINARIES: the NativeAOT meshctl), else the JIT apphost beside us.
    private static (string File, string[] Arguments) MeshctlCommand()
    {
        if (ProgramsUnderTest.AreExternal)
        {
            return (ProgramsUnderTest.PathOf("meshctl"), []);
        }

        var apphost = Path.Combine(AppContext.BaseDirectory, "meshctl");
        return File.Exists(apphost) ? (apphost, []) : ("dotnet", [Path.Combine(AppContext.BaseDirectory, "meshctl.dll")]);
    }
}
