using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using MeshAgent.Netlink.Route;
using MeshAgent.WireGuard.Kernel;

namespace MeshAgent.WireGuard.KernelTests;

/// <summary>
/// The kernel backend against wireguard.ko (Linux 6.1) inside the kernel rig; wg(8) is the independent
/// reader. Each test uses its own device and deletes it afterwards.
/// </summary>
[Category("Lab")]
[NonParallelizable]
public sealed class KernelBackendTests
{
    private static int _counter;
    private KernelWireGuardClient? _client;
    private string _name = string.Empty;

    private KernelWireGuardClient Client => _client!;

    [SetUp]
    public void SetUp()
    {
        Guest.Require();
        _client = new KernelWireGuardClient();
        _name = "wgk" + Interlocked.Increment(ref _counter).ToString(CultureInfo.InvariantCulture);
    }

    [TearDown]
    public async Task TearDown()
    {
        if (_client is not null)
        {
            await _client.DeleteDeviceAsync(_name, CancellationToken.None);
            _client.Dispose();
        }
    }

    [Test]
    [Category("KernelGuest")]
    public async Task CreateDeviceAsync_Fresh_ListedAndEmptyLikeWgShowDump()
    {
        await Client.CreateDeviceAsync(_name, CancellationToken.None);

        var names = await Client.ListDevicesAsync(CancellationToken.None);
        var device = await Client.GetDeviceAsync(_name, CancellationToken.None);

        Assert.That(names, Does.Contain(_name));
        Assert.That((device.PrivateKey, device.ListenPort, device.Peers.Count), Is.EqualTo(((WireGuardKey?)null, 0, 0)));
        Assert.That(WgDump.Render(device), Is.EqualTo(await Guest.RunAsync("wg", "show", _name, "dump")));
    }

    [Test]
    [Category("KernelGuest")]
    public async Task ConfigureDeviceAsync_KeyPortFwmarkAndPeers_ReadBackEqualsConfigAndWgShowDump()
    {
        await Client.CreateDeviceAsync(_name, CancellationToken.None);
        var privateKey = TestPeers.RandomPrivateKey();
        var config = new DeviceConfig
        {
            PrivateKey = privateKey,
            ListenPort = 51821,
            FirewallMark = 0x2a,
            Peers =
            [
                TestPeers.Peer(1) with { PresharedKey = TestPeers.Key(77, kind: 5) },
                TestPeers.Peer(2) with { Endpoint = IPEndPoint.Parse("[2001:db8::2]:51820"), PersistentKeepalive = TimeSpan.Zero },
                new PeerConfig { PublicKey = TestPeers.Key(3), AllowedIPs = [IPNetwork.Parse("10.200.0.0/16"), IPNetwork.Parse("fd00:1::/64")] },
            ],
        };

        await Client.ConfigureDeviceAsync(_name, config, CancellationToken.None);
        var device = await Client.GetDeviceAsync(_name, CancellationToken.None);

        Assert.That(device.PrivateKey, Is.EqualTo(privateKey));
        Assert.That(device.PublicKey, Is.Not.Null);
        Assert.That((device.ListenPort, device.FirewallMark), Is.EqualTo((51821, 0x2au)));
        Assert.That(device.Peers.Select(p => p.PublicKey), Is.EqualTo(config.Peers.Select(p => p.PublicKey)));
        Assert.That(device.Peers[0].PresharedKey, Is.EqualTo(TestPeers.Key(77, kind: 5)));
        Assert.That(device.Peers[1].Endpoint, Is.EqualTo(IPEndPoint.Parse("[2001:db8::2]:51820")));
        Assert.That(device.Peers[0].PersistentKeepalive, Is.EqualTo(TimeSpan.FromSeconds(25)));
        for (var i = 0; i < config.Peers.Count; i++)
        {
            Assert.That(TestPeers.Sorted(device.Peers[i].AllowedIPs), Is.EqualTo(TestPeers.Sorted(config.Peers[i].AllowedIPs)));
        }

        Assert.That(WgDump.Render(device), Is.EqualTo(await Guest.RunAsync("wg", "show", _name, "dump")));
        Assert.That((await Guest.RunAsync("wg", "show", _name, "public-key")).Trim(), Is.EqualTo(device.PublicKey!.Value.ToBase64()));
    }

    [Test]
    [Category("KernelGuest")]
    public async Task ConfigureDeviceAsync_5000PeersAnd3000IpPeer_SplitBothWaysReadBackComplete()
    {
        await Client.CreateDeviceAsync(_name, CancellationToken.None);
        // 5,000 peers need many SET_DEVICE messages and many dump messages. 3,000 /32s (84 KB of
        // attributes) cannot fit one 64 KiB SET_DEVICE peers nest nor one ~32 KiB dump message: that peer
        // is split when sent and when read back.
        var big = new PeerConfig { PublicKey = TestPeers.Key(999_999), AllowedIPs = TestPeers.V4Range(11, 0, 3_000).ToList() };
        var peers = Enumerable.Range(1, 5_000).Select(i => TestPeers.Peer(i, count: 2)).Append(big).ToList();
        var config = new DeviceConfig { PrivateKey = TestPeers.RandomPrivateKey(), ListenPort = 51822, ReplacePeers = true, Peers = peers };

        await Client.ConfigureDeviceAsync(_name, config, CancellationToken.None);
        var setMessages = Client.LastConfigureMessageCount;
        var device = await Client.GetDeviceAsync(_name, CancellationToken.None);

        TestContext.Out.WriteLine($"{peers.Count} peers / {peers.Sum(p => p.AllowedIPs.Count)} allowed IPs: {setMessages} SET_DEVICE messages, {Client.LastGetMessageCount} dump messages");
        Assert.That(setMessages, Is.GreaterThan(1));
        Assert.That(Client.LastGetMessageCount, Is.GreaterThan(1));
        Assert.That(device.Peers, Has.Count.EqualTo(peers.Count));
        // One assertion over all peers: thousands of Assert.That calls are slow under TCG.
        var byKey = device.Peers.ToDictionary(p => p.PublicKey);
        var wrong = peers.Where(p => !byKey.TryGetValue(p.PublicKey, out var read)
                || !TestPeers.Sorted(read.AllowedIPs).SequenceEqual(TestPeers.Sorted(p.AllowedIPs))
                || !Equals(read.Endpoint, p.Endpoint))
            .Select(p => peers.IndexOf(p)).ToList();
        Assert.That(wrong, Is.Empty, "peers (by index) whose allowed IPs or endpoint were not read back as set");

        Assert.That(WgDump.Render(device), Is.EqualTo(await Guest.RunAsync("wg", "show", _name, "dump")));
    }

    [Test]
    [Category("KernelGuest")]
    public async Task ConfigureDeviceAsync_ReplacePeers_OnlyNewPeersRemain()
    {
        await Client.CreateDeviceAsync(_name, CancellationToken.None);
        await Client.ConfigureDeviceAsync(_name, new DeviceConfig { Peers = [TestPeers.Peer(1), TestPeers.Peer(2), TestPeers.Peer(3)] }, CancellationToken.None);

        await Client.ConfigureDeviceAsync(_name, new DeviceConfig { ReplacePeers = true, Peers = [TestPeers.Peer(3), TestPeers.Peer(4)] }, CancellationToken.None);

        var device = await Client.GetDeviceAsync(_name, CancellationToken.None);
        Assert.That(device.Peers.Select(p => p.PublicKey), Is.EquivalentTo(new[] { TestPeers.Key(3), TestPeers.Key(4) }));
        Assert.That(await Guest.RunAsync("wg", "show", _name, "peers"), Does.Not.Contain(TestPeers.Key(1).ToBase64()));
    }

    [Test]
    [Category("KernelGuest")]
    public async Task ConfigureDeviceAsync_RemovePeer_OnlyThatPeerGone()
    {
        await Client.CreateDeviceAsync(_name, CancellationToken.None);
        await Client.ConfigureDeviceAsync(_name, new DeviceConfig { Peers = [TestPeers.Peer(1), TestPeers.Peer(2), TestPeers.Peer(3)] }, CancellationToken.None);

        await Client.ConfigureDeviceAsync(_name, new DeviceConfig { Peers = [new PeerConfig { PublicKey = TestPeers.Key(2), Remove = true }] }, CancellationToken.None);

        var device = await Client.GetDeviceAsync(_name, CancellationToken.None);
        Assert.That(device.Peers.Select(p => p.PublicKey), Is.EqualTo(new[] { TestPeers.Key(1), TestPeers.Key(3) }));
    }

    [Test]
    [Category("KernelGuest")]
    public async Task ConfigureDeviceAsync_UpdateOnly_ChangesExistingAndCreatesNothing()
    {
        await Client.CreateDeviceAsync(_name, CancellationToken.None);
        await Client.ConfigureDeviceAsync(_name, new DeviceConfig { Peers = [TestPeers.Peer(1)] }, CancellationToken.None);
        var moved = IPEndPoint.Parse("198.51.100.9:1234");

        await Client.ConfigureDeviceAsync(_name, new DeviceConfig
        {
            Peers =
            [
                new PeerConfig { PublicKey = TestPeers.Key(1), UpdateOnly = true, Endpoint = moved },
                new PeerConfig { PublicKey = TestPeers.Key(2), UpdateOnly = true, Endpoint = moved },
            ],
        }, CancellationToken.None);

        var device = await Client.GetDeviceAsync(_name, CancellationToken.None);
        Assert.That(device.Peers.Select(p => (p.PublicKey, p.Endpoint)), Is.EqualTo(new[] { (TestPeers.Key(1), (IPEndPoint?)moved) }));
    }

    [Test]
    [Category("KernelGuest")]
    public async Task ConfigureDeviceAsync_ReplaceAllowedIps_SetBecomesExactlyTheNewOne()
    {
        await Client.CreateDeviceAsync(_name, CancellationToken.None);
        await Client.ConfigureDeviceAsync(_name, new DeviceConfig { Peers = [TestPeers.Peer(1, count: 3)] }, CancellationToken.None);

        await Client.ConfigureDeviceAsync(_name, new DeviceConfig
        {
            Peers = [new PeerConfig { PublicKey = TestPeers.Key(1), ReplaceAllowedIPs = true, AllowedIPs = [IPNetwork.Parse("172.16.0.0/12")] }],
        }, CancellationToken.None);

        var device = await Client.GetDeviceAsync(_name, CancellationToken.None);
        Assert.That(device.Peers.Single().AllowedIPs, Is.EqualTo(new[] { IPNetwork.Parse("172.16.0.0/12") }));
    }

    [Test]
    [Category("KernelGuest")]
    public async Task DeleteDeviceAsync_Existing_GoneThenNotFound()
    {
        await Client.CreateDeviceAsync(_name, CancellationToken.None);

        await Client.DeleteDeviceAsync(_name, CancellationToken.None);

        Assert.That(await Client.ListDevicesAsync(CancellationToken.None), Does.Not.Contain(_name));
        Assert.ThrowsAsync<WireGuardDeviceNotFoundException>(() => Client.GetDeviceAsync(_name, CancellationToken.None));
        Assert.ThrowsAsync<WireGuardDeviceNotFoundException>(() => Client.ConfigureDeviceAsync(_name, new DeviceConfig { ListenPort = 1 }, CancellationToken.None));
        Assert.DoesNotThrowAsync(() => Client.DeleteDeviceAsync(_name, CancellationToken.None));
    }

    [Test]
    [Category("KernelGuest")]
    public async Task GetDeviceAsync_NotWireGuardLink_NotFound()
    {
        Assert.ThrowsAsync<WireGuardDeviceNotFoundException>(() => Client.GetDeviceAsync("lo", CancellationToken.None));
        Assert.ThrowsAsync<WireGuardDeviceNotFoundException>(() => Client.DeleteDeviceAsync("lo", CancellationToken.None));
        Assert.That(await Client.ListDevicesAsync(CancellationToken.None), Does.Not.Contain("lo"));
    }

    [Test]
    [Category("KernelGuest")]
    [CancelAfter(180_000)]
    public async Task Handshake_TwoNamespaces_PingCrossesTunnelAndHandshakeReadBack(CancellationToken cancellationToken)
    {
        string[] names = [$"{_name}a", $"{_name}b"];
        try
        {
            foreach (var ns in names)
            {
                await Guest.RunAsync("ip", "netns", "add", ns);
                await Guest.RunAsync("ip", "-n", ns, "link", "set", "lo", "up");
            }

            await Guest.RunAsync("ip", "link", "add", "ua", "netns", names[0], "type", "veth", "peer", "name", "ub", "netns", names[1]);
            var keys = new List<(WireGuardKey Private, WireGuardKey Public)>();
            for (var i = 0; i < 2; i++)
            {
                var secret = (await Guest.RunAsync("wg", "genkey")).Trim();
                var pub = (await Guest.RunAsync("sh", "-c", $"echo {secret} | wg pubkey")).Trim();
                keys.Add((WireGuardKey.FromBase64(secret), WireGuardKey.FromBase64(pub)));
            }

            for (var i = 0; i < 2; i++)
            {
                var other = 1 - i;
                using var route = RouteNetlinkClient.Open($"/run/netns/{names[i]}");
                using var wg = new KernelWireGuardClient($"/run/netns/{names[i]}");
                var underlay = await route.GetLinkAsync(i == 0 ? "ua" : "ub", cancellationToken);
                await route.AddAddressAsync(underlay.Index, InterfaceAddress.Parse($"192.0.2.{i + 1}/24"), cancellationToken);
                await route.SetLinkUpAsync(underlay.Index, true, cancellationToken);
                await wg.CreateDeviceAsync("wg0", cancellationToken);
                await wg.ConfigureDeviceAsync("wg0", new DeviceConfig
                {
                    PrivateKey = keys[i].Private,
                    ListenPort = 51820,
                    Peers =
                    [
                        new PeerConfig
                        {
                            PublicKey = keys[other].Public,
                            Endpoint = IPEndPoint.Parse($"192.0.2.{other + 1}:51820"),
                            AllowedIPs = [IPNetwork.Parse($"10.10.0.{other + 1}/32")],
                        },
                    ],
                }, cancellationToken);
                var tunnel = await route.GetLinkAsync("wg0", cancellationToken);
                await route.AddAddressAsync(tunnel.Index, InterfaceAddress.Parse($"10.10.0.{i + 1}/24"), cancellationToken);
                await route.SetMtuAsync(tunnel.Index, 1420, cancellationToken);
                await route.SetLinkUpAsync(tunnel.Index, true, cancellationToken);
            }

            var ping = await Guest.RunAsync("ip", "netns", "exec", names[0], "ping", "-c", "2", "-W", "10", "10.10.0.2");

            using var client = new KernelWireGuardClient($"/run/netns/{names[0]}");
            var device = await client.GetDeviceAsync("wg0", cancellationToken);
            Assert.That(ping, Does.Contain("2 received").Or.Contain("2 packets received"));
            Assert.That(device.Peers.Single().LastHandshake, Is.Not.Null);
            Assert.That((device.Peers.Single().ReceiveBytes, device.Peers.Single().TransmitBytes), Is.Not.EqualTo((0L, 0L)));
            Assert.That(device.PublicKey, Is.EqualTo(keys[0].Public));
        }
        finally
        {
            foreach (var ns in names)
            {
                await Guest.RunAsync("sh", "-c", $"ip netns del {ns} 2>/dev/null || true");
            }
        }
    }

    /// <summary>
    /// Side-by-side timing, not part of the CI guest run (category KernelBenchmark only; under TCG it
    /// takes minutes). Run: kernel-rig.sh -- ./MeshAgent.WireGuard.KernelTests --filter TestCategory=KernelBenchmark.
    /// </summary>
    [Test]
    [Category("KernelBenchmark")]
    public async Task Set10000Peers_OursAndWgSetconf_BothCompleteTimingsPrinted()
    {
        var peers = Enumerable.Range(1, 10_000).Select(i => TestPeers.Peer(i)).ToList();
        var privateKey = TestPeers.RandomPrivateKey();
        var wgName = _name + "w";
        await Client.CreateDeviceAsync(_name, CancellationToken.None);
        await Client.CreateDeviceAsync(wgName, CancellationToken.None);
        try
        {
            var file = Path.Combine(Path.GetTempPath(), wgName + ".conf");
            await File.WriteAllTextAsync(file, SetconfText(privateKey, peers));

            // Warm-up on a throw-away config so the timed run measures the steady state, not first-call
            // JIT (30-50x slower under TCG); wg(8)'s timing includes its process start instead.
            await Client.ConfigureDeviceAsync(_name, new DeviceConfig { Peers = peers.Take(200).ToList() }, CancellationToken.None);
            await Client.ConfigureDeviceAsync(_name, new DeviceConfig { ReplacePeers = true }, CancellationToken.None);

            var tool = Stopwatch.StartNew();
            await Guest.RunAsync("wg", "setconf", wgName, file);
            tool.Stop();
            var ours = Stopwatch.StartNew();
            await Client.ConfigureDeviceAsync(_name, new DeviceConfig { PrivateKey = privateKey, ListenPort = 51823, ReplacePeers = true, Peers = peers }, CancellationToken.None);
            ours.Stop();
            var messages = Client.LastConfigureMessageCount;

            TestContext.Out.WriteLine($"TIMING set 10,000 peers: wg setconf {tool.ElapsedMilliseconds} ms; ours {ours.ElapsedMilliseconds} ms in {messages} messages (warmed up); ratio {(double)ours.ElapsedMilliseconds / tool.ElapsedMilliseconds:F2} (TCG guest, one run each)");
            var ourCount = (await Client.GetDeviceAsync(_name, CancellationToken.None)).Peers.Count;
            var toolCount = (await Client.GetDeviceAsync(wgName, CancellationToken.None)).Peers.Count;
            Assert.That((ourCount, toolCount), Is.EqualTo((10_000, 10_000)));
        }
        finally
        {
            await Client.DeleteDeviceAsync(wgName, CancellationToken.None);
        }
    }

    private static string SetconfText(WireGuardKey privateKey, IEnumerable<PeerConfig> peers)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"[Interface]\nPrivateKey = {privateKey.ToBase64()}\nListenPort = 51824\n");
        foreach (var peer in peers)
        {
            text.Append(CultureInfo.InvariantCulture, $"\n[Peer]\nPublicKey = {peer.PublicKey.ToBase64()}\nEndpoint = {peer.Endpoint}\nPersistentKeepalive = 25\nAllowedIPs = {string.Join(", ", peer.AllowedIPs)}\n");
        }

        return text.ToString();
    }
}
