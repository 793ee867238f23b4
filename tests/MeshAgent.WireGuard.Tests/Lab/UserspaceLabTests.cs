using System.Diagnostics;
using System.Net;
using MeshAgent.Lab;
using MeshAgent.WireGuard.Configuration;

namespace MeshAgent.WireGuard.Tests.Lab;

/// <summary>
/// The userspace backend against real wireguard-go, compared with wg(8) on the same devices. wireguard-go
/// reports peers in Go map order, which varies between reads: outputs are compared line-sorted, and
/// byte for byte by re-reading with wg until the peer order matches ours (the formatting itself is
/// compared on identical input by the fixture tests).
/// </summary>
[Category("Lab")]
public sealed class UserspaceLabTests : LabTest
{
    private static readonly string[] SingleFields = ["public-key", "private-key", "listen-port", "fwmark"];
    private static readonly string[] PeerFields =
        ["peers", "preshared-keys", "endpoints", "allowed-ips", "latest-handshakes", "transfer", "persistent-keepalive", "dump"];

    [SetUp]
    public void RequireWireGuardTools() => RequireTools("wireguard-go", "wg", "ip", "ping");

    [Test]
    public async Task ShowAndShowconf_DeviceWithSeveralPeers_MeshctlMatchesWg()
    {
        using var wg = WireGuardLabHost.Create(Lab, await Lab.AddHostAsync("a"));
        await wg.Client.CreateDeviceAsync("wg0", CancellationToken.None);
        var privateKey = WireGuardKeys.GeneratePrivateKey();
        var psk = WireGuardKeys.GeneratePresharedKey();
        var peers = Enumerable.Range(0, 3).Select(_ => WireGuardKeys.PublicKeyOf(WireGuardKeys.GeneratePrivateKey())).ToArray();
        await wg.Client.ConfigureDeviceAsync("wg0", new DeviceConfig
        {
            PrivateKey = privateKey,
            ListenPort = 51820,
            FirewallMark = 0x42,
            Peers =
            [
                new PeerConfig
                {
                    PublicKey = peers[0], PresharedKey = psk, Endpoint = IPEndPoint.Parse("192.0.2.2:51820"),
                    PersistentKeepalive = TimeSpan.FromSeconds(25), AllowedIPs = [IPNetwork.Parse("10.0.0.2/32"), IPNetwork.Parse("fd00::2/128")],
                },
                new PeerConfig
                {
                    PublicKey = peers[1], Endpoint = IPEndPoint.Parse("[2001:db8::1]:1234"),
                    AllowedIPs = [IPNetwork.Parse("10.1.0.0/16"), IPNetwork.Parse("::/0")],
                },
                new PeerConfig { PublicKey = peers[2] },
            ],
        }, CancellationToken.None);

        var device = await wg.Client.GetDeviceAsync("wg0", CancellationToken.None);
        Assert.That(device.PrivateKey, Is.EqualTo(privateKey));
        Assert.That(device.PublicKey, Is.EqualTo(WireGuardKeys.PublicKeyOf(privateKey)));
        Assert.That(device.ListenPort, Is.EqualTo(51820));
        Assert.That(device.FirewallMark, Is.EqualTo(0x42u));
        Assert.That(device.Peers.Select(p => p.PublicKey), Is.EquivalentTo(peers));
        Assert.That(device.Peers.Single(p => p.PublicKey == peers[0]).PresharedKey, Is.EqualTo(psk));
        Assert.That(device.Peers.Single(p => p.PublicKey == peers[1]).Endpoint, Is.EqualTo(IPEndPoint.Parse("[2001:db8::1]:1234")));

        foreach (var field in SingleFields)
        {
            var ours = await wg.MeshctlAsync("wg", "show", "wg0", field);
            var theirs = await wg.WgAsync("show", "wg0", field);
            Assert.That(ours.ExitCode, Is.Zero, ours.StdErr);
            Assert.That(ours.StdOut, Is.EqualTo(theirs.StdOut), field);
        }

        foreach (var field in PeerFields)
        {
            await AssertSameAsWgAsync(wg, ["show", "wg0", field], PeerOrder.SortedLines);
        }

        await AssertSameAsWgAsync(wg, ["show", "all", "dump"], PeerOrder.SortedLines);
        await AssertSameAsWgAsync(wg, ["showconf", "wg0"], PeerOrder.SortedBlocks);
        await AssertSameAsWgAsync(wg, ["show", "wg0"], PeerOrder.SortedLines);
        var interfaces = await wg.MeshctlAsync("wg", "show", "interfaces");
        Assert.That(interfaces.StdOut, Is.EqualTo((await wg.WgAsync("show", "interfaces")).StdOut));
    }

    [Test]
    public async Task SetconfSyncconfAddconf_SameFilesByBothTools_GiveSameDevices()
    {
        using var byWg = WireGuardLabHost.Create(Lab, await Lab.AddHostAsync("a"));
        using var byUs = WireGuardLabHost.Create(Lab, await Lab.AddHostAsync("b"));
        await byWg.Client.CreateDeviceAsync("wg0", CancellationToken.None);
        await byUs.Client.CreateDeviceAsync("wg0", CancellationToken.None);
        var keys = Enumerable.Range(0, 5).Select(_ => WireGuardKeys.GeneratePrivateKey()).ToArray();
        string Pub(int i) => WireGuardKeys.PublicKeyOf(keys[i]).ToBase64();
        var psk = WireGuardKeys.GeneratePresharedKey().ToBase64();

        var first = Path.Combine(Lab.Directory, "first.conf");
        await File.WriteAllTextAsync(first,
            $"[Interface]\nPrivateKey = {keys[0].ToBase64()}\nListenPort = 51820\nFwMark = 0x10\n\n"
            + $"[Peer]\nPublicKey = {Pub(1)}\nPresharedKey = {psk}\nAllowedIPs = 10.0.1.0/24, fd00:1::/64\nEndpoint = 192.0.2.1:51820\nPersistentKeepalive = 25\n\n"
            + $"[Peer]\nPublicKey = {Pub(2)}\nAllowedIPs = 10.0.2.0/24\nEndpoint = [2001:db8::2]:51820\n\n"
            + $"[Peer]\nPublicKey = {Pub(3)}\nAllowedIPs = 10.0.3.0/24\n");
        await RunBothAsync(byWg, byUs, "setconf", first);
        await AssertSameDevicesAsync(byWg, byUs, "after setconf");

        // Drop peer 3, move 10.0.3.0/24 to peer 2, give peer 2 a psk, add peer 4, change the port.
        var second = Path.Combine(Lab.Directory, "second.conf");
        await File.WriteAllTextAsync(second,
            $"[Interface]\nPrivateKey = {keys[0].ToBase64()}\nListenPort = 51821\nFwMark = 0x10\n\n"
            + $"[Peer]\nPublicKey = {Pub(1)}\nPresharedKey = {psk}\nAllowedIPs = 10.0.1.0/24, fd00:1::/64\nPersistentKeepalive = 25\n\n"
            + $"[Peer]\nPublicKey = {Pub(2)}\nAllowedIPs = 10.0.2.0/24, 10.0.3.0/24\nPresharedKey = {psk}\n\n"
            + $"[Peer]\nPublicKey = {Pub(4)}\nAllowedIPs = 10.0.4.0/24\nEndpoint = 192.0.2.4:1\n");
        await RunBothAsync(byWg, byUs, "syncconf", second);
        await AssertSameDevicesAsync(byWg, byUs, "after syncconf");
        var synced = await byUs.Client.GetDeviceAsync("wg0", CancellationToken.None);
        Assert.That(synced.Peers, Has.Count.EqualTo(3));
        Assert.That(synced.Peers.Single(p => p.PublicKey.ToBase64() == Pub(1)).Endpoint, Is.EqualTo(IPEndPoint.Parse("192.0.2.1:51820")),
            "a peer without Endpoint in the file keeps its endpoint");

        var third = Path.Combine(Lab.Directory, "third.conf");
        await File.WriteAllTextAsync(third, $"[Peer]\nPublicKey = {Pub(3)}\nAllowedIPs = 10.0.9.0/24\n");
        await RunBothAsync(byWg, byUs, "addconf", third);
        await AssertSameDevicesAsync(byWg, byUs, "after addconf");
        Assert.That((await byUs.Client.GetDeviceAsync("wg0", CancellationToken.None)).Peers, Has.Count.EqualTo(4));

        // A file without peer 1's psk and keepalive: our syncconf clears them. wg 1.0.20210914's syncconf leaves
        // them (fixed upstream: WireGuard/wireguard-tools#13, commit 780182e), so compare with wg setconf,
        // whose result is the file by definition.
        var fourth = Path.Combine(Lab.Directory, "fourth.conf");
        await File.WriteAllTextAsync(fourth,
            $"[Interface]\nPrivateKey = {keys[0].ToBase64()}\nListenPort = 51821\nFwMark = 0x10\n\n"
            + $"[Peer]\nPublicKey = {Pub(1)}\nAllowedIPs = 10.0.1.0/24, fd00:1::/64\nEndpoint = 192.0.2.1:51820\n\n"
            + $"[Peer]\nPublicKey = {Pub(2)}\nAllowedIPs = 10.0.2.0/24, 10.0.3.0/24\nPresharedKey = {psk}\nEndpoint = [2001:db8::2]:51820\n\n"
            + $"[Peer]\nPublicKey = {Pub(4)}\nAllowedIPs = 10.0.4.0/24\nEndpoint = 192.0.2.4:1\n\n"
            + $"[Peer]\nPublicKey = {Pub(3)}\nAllowedIPs = 10.0.9.0/24\n");
        var setconf = await byWg.WgAsync("setconf", "wg0", fourth);
        Assert.That(setconf.ExitCode, Is.Zero, setconf.StdErr);
        var syncconf = await byUs.MeshctlAsync("wg", "syncconf", "wg0", fourth);
        Assert.That(syncconf.ExitCode, Is.Zero, syncconf.StdErr);
        await AssertSameDevicesAsync(byWg, byUs, "our syncconf vs wg setconf");
        var cleared = (await byUs.Client.GetDeviceAsync("wg0", CancellationToken.None)).Peers.Single(p => p.PublicKey.ToBase64() == Pub(1));
        Assert.That(cleared.PresharedKey, Is.Null);
        Assert.That(cleared.PersistentKeepalive, Is.EqualTo(TimeSpan.Zero));
    }

    [Test]
    public async Task ConfigureDevice_BadInputOrPortInUse_ThrowsTypedErrorsAndStateReadsBack()
    {
        using var wg = WireGuardLabHost.Create(Lab, await Lab.AddHostAsync("a"));
        await wg.Client.CreateDeviceAsync("wg0", CancellationToken.None);
        await wg.Client.CreateDeviceAsync("wg1", CancellationToken.None);
        await wg.Client.ConfigureDeviceAsync("wg1", new DeviceConfig { ListenPort = 40000 }, CancellationToken.None);
        await wg.Client.ConfigureDeviceAsync("wg0", new DeviceConfig { ListenPort = 40001 }, CancellationToken.None);

        var inUse = Assert.ThrowsAsync<WireGuardException>(() =>
            wg.Client.ConfigureDeviceAsync("wg0", new DeviceConfig { ListenPort = 40000 }, CancellationToken.None));
        Assert.That(inUse!.Errno, Is.EqualTo(98));
        Assert.That((await wg.Client.GetDeviceAsync("wg0", CancellationToken.None)).ListenPort, Is.Zero,
            "after EADDRINUSE wireguard-go has no UDP socket");

        var invalid = Assert.ThrowsAsync<WireGuardException>(() => wg.Client.SetRawAsync("wg0", "set=1\nlisten_port=abc\n\n", CancellationToken.None));
        Assert.That(invalid!.Errno, Is.EqualTo(22));

        // Same failure through both command-line tools: same exit code and text.
        var ours = await wg.MeshctlAsync("wg", "set", "wg0", "listen-port", "40000");
        var theirs = await wg.WgAsync("set", "wg0", "listen-port", "40000");
        Assert.That(ours.ExitCode, Is.EqualTo(theirs.ExitCode).And.EqualTo(1));
        Assert.That(ours.StdErr, Is.EqualTo(theirs.StdErr));

        await wg.Client.ConfigureDeviceAsync("wg0", new DeviceConfig { ListenPort = 40002 }, CancellationToken.None);
        Assert.That((await wg.Client.GetDeviceAsync("wg0", CancellationToken.None)).ListenPort, Is.EqualTo(40002));

        Assert.ThrowsAsync<WireGuardDeviceNotFoundException>(() => wg.Client.GetDeviceAsync("nope", CancellationToken.None));
        var exists = Assert.ThrowsAsync<WireGuardException>(() => wg.Client.CreateDeviceAsync("wg0", CancellationToken.None));
        Assert.That(exists!.Errno, Is.EqualTo(17));
    }

    [Test]
    public async Task DeleteDevice_CreatedDevice_StopsWireGuardGoAndDisappears()
    {
        using var wg = WireGuardLabHost.Create(Lab, await Lab.AddHostAsync("a"));
        await wg.Client.CreateDeviceAsync("wg0", CancellationToken.None);
        var pid = wg.Client.ChildPidOf("wg0");
        Assert.That(pid, Is.Not.Null);
        Assert.That(await wg.Client.ListDevicesAsync(CancellationToken.None), Is.EqualTo(new[] { "wg0" }));
        Assert.That((await wg.Host.RunAsync("ip", "link", "show", "wg0")).ExitCode, Is.Zero);

        await wg.Client.DeleteDeviceAsync("wg0", CancellationToken.None);

        Assert.That(await wg.Client.ListDevicesAsync(CancellationToken.None), Is.Empty);
        Assert.That(Directory.Exists($"/proc/{pid}") && !File.ReadAllText($"/proc/{pid}/stat").Contains(") Z ", StringComparison.Ordinal), Is.False,
            "wireguard-go exited");
        await Poll.UntilAsync(async () => (await wg.Host.RunAsync("ip", "link", "show", "wg0")).ExitCode != 0, TimeSpan.FromSeconds(30),
            "the tun device to vanish");
        await wg.Client.DeleteDeviceAsync("wg0", CancellationToken.None);
    }

    [Test]
    public async Task Tunnel_ThreeHostsConfiguredByOurClient_HandshakeAndPing()
    {
        var sw = await Lab.AddSwitchAsync("lan");
        var hosts = new List<WireGuardLabHost>();
        try
        {
            var keys = new WireGuardKey[3];
            for (var i = 0; i < 3; i++)
            {
                var host = await Lab.AddHostAsync(((char)('a' + i)).ToString());
                await Lab.ConnectAsync(host, "eth0", $"192.0.2.{i + 1}/24", sw);
                var wg = WireGuardLabHost.Create(Lab, host);
                hosts.Add(wg);
                keys[i] = WireGuardKeys.GeneratePrivateKey();
                var created = Stopwatch.StartNew();
                await wg.Client.CreateDeviceAsync("wg0", CancellationToken.None);
                await TestContext.Out.WriteLineAsync($"wg0 on {host.Name}: wireguard-go answered on its socket after {created.Elapsed.TotalMilliseconds:0} ms");
            }

            for (var i = 0; i < 3; i++)
            {
                var peers = Enumerable.Range(0, 3).Where(j => j != i).Select(j => new PeerConfig
                {
                    PublicKey = WireGuardKeys.PublicKeyOf(keys[j]),
                    Endpoint = IPEndPoint.Parse($"192.0.2.{j + 1}:51820"),
                    AllowedIPs = [IPNetwork.Parse($"10.99.0.{j + 1}/32")],
                }).ToList();
                await hosts[i].Client.ConfigureDeviceAsync("wg0",
                    new DeviceConfig { PrivateKey = keys[i], ListenPort = 51820, ReplacePeers = true, Peers = peers }, CancellationToken.None);
                await hosts[i].Host.RunCheckedAsync("ip", "addr", "add", $"10.99.0.{i + 1}/24", "dev", "wg0");
                await hosts[i].Host.RunCheckedAsync("ip", "link", "set", "wg0", "up");
            }

            var watch = Stopwatch.StartNew();
            var first = await hosts[0].Host.RunAsync("ping", "-c", "1", "-W", "10", "10.99.0.2");
            var firstPing = watch.Elapsed;
            Assert.That(first.ExitCode, Is.Zero, first.StdOut + first.StdErr);
            var handshake = (await hosts[0].Client.GetDeviceAsync("wg0", CancellationToken.None)).Peers
                .Single(p => p.PublicKey == WireGuardKeys.PublicKeyOf(keys[1])).LastHandshake;
            Assert.That(handshake, Is.Not.Null, "a handshake with b is recorded");
            await TestContext.Out.WriteLineAsync($"first ping a->b over wg0 including the handshake: {firstPing.TotalMilliseconds:0} ms ({first.StdOut.Split('\n').FirstOrDefault(l => l.Contains("time=", StringComparison.Ordinal))?.Trim()})");

            foreach (var (from, to) in new[] { (0, 2), (1, 2), (2, 0) })
            {
                var ping = await hosts[from].Host.RunAsync("ping", "-c", "1", "-W", "10", $"10.99.0.{to + 1}");
                Assert.That(ping.ExitCode, Is.Zero, $"{from}->{to}: {ping.StdOut}{ping.StdErr}");
            }

            var c = await hosts[2].Client.GetDeviceAsync("wg0", CancellationToken.None);
            Assert.That(c.Peers.All(p => p.LastHandshake is not null && p.ReceiveBytes > 0 && p.TransmitBytes > 0), Is.True);
        }
        finally
        {
            foreach (var host in hosts)
            {
                host.Dispose();
            }
        }
    }

    [Test]
    public async Task Keys_GenkeyAndPubkey_OursAndWgAgreeBothWays()
    {
        using var wg = WireGuardLabHost.Create(Lab, await Lab.AddHostAsync("a"));
        for (var i = 0; i < 3; i++)
        {
            var ourKey = await wg.MeshctlAsync("wg", "genkey");
            var theirKey = await wg.Host.RunCheckedAsync("wg", "genkey");
            var ourPsk = await wg.MeshctlAsync("wg", "genpsk");
            Assert.That(ourKey.StdOut, Does.Match("^[A-Za-z0-9+/]{43}=\n$"));
            Assert.That(ourPsk.StdOut, Does.Match("^[A-Za-z0-9+/]{43}=\n$"));
            Assert.That(WireGuardKey.FromBase64(ourKey.StdOut.TrimEnd()).Bytes[0] & 7, Is.Zero, "clamped");

            foreach (var key in new[] { ourKey.StdOut, theirKey.StdOut, ourPsk.StdOut })
            {
                var theirs = await wg.Host.RunAsync("wg", ["pubkey"], TimeSpan.FromSeconds(30), key);
                var ours = await wg.MeshctlWithInputAsync(key, "wg", "pubkey");
                Assert.That(theirs.ExitCode, Is.Zero, theirs.StdErr);
                Assert.That(ours.ExitCode, Is.Zero, ours.StdErr);
                Assert.That(ours.StdOut, Is.EqualTo(theirs.StdOut));
            }
        }

        var bad = await wg.MeshctlWithInputAsync("not a key\n", "wg", "pubkey");
        var wgBad = await wg.Host.RunAsync("wg", ["pubkey"], TimeSpan.FromSeconds(30), "not a key\n");
        Assert.That(bad.ExitCode, Is.EqualTo(wgBad.ExitCode).And.EqualTo(1));
    }

    private static async Task AssertSameAsWgAsync(WireGuardLabHost wg, string[] arguments, Func<string, string> normalise)
    {
        var ours = await wg.MeshctlAsync(["wg", .. arguments]);
        Assert.That(ours.ExitCode, Is.Zero, ours.StdErr);
        var theirs = await wg.WgAsync(arguments);
        Assert.That(normalise(ours.StdOut), Is.EqualTo(normalise(theirs.StdOut)), string.Join(' ', arguments));

        // Byte for byte once wg happens to read the peers in the same order as we did.
        for (var attempt = 0; attempt < 300 && theirs.StdOut != ours.StdOut; attempt++)
        {
            theirs = await wg.WgAsync(arguments);
        }

        Assert.That(ours.StdOut, Is.EqualTo(theirs.StdOut), string.Join(' ', arguments));
    }

    private static async Task RunBothAsync(WireGuardLabHost byWg, WireGuardLabHost byUs, string command, string file)
    {
        var theirs = await byWg.WgAsync(command, "wg0", file);
        Assert.That(theirs.ExitCode, Is.Zero, $"wg {command}: {theirs.StdErr}");
        var ours = await byUs.MeshctlAsync("wg", command, "wg0", file);
        Assert.That(ours.ExitCode, Is.Zero, $"meshctl wg {command}: {ours.StdErr}");
    }

    private static async Task AssertSameDevicesAsync(WireGuardLabHost a, WireGuardLabHost b, string when)
    {
        var fromA = await a.WgAsync("showconf", "wg0");
        var fromB = await b.WgAsync("showconf", "wg0");
        Assert.That(PeerOrder.SortedBlocks(fromB.StdOut), Is.EqualTo(PeerOrder.SortedBlocks(fromA.StdOut)), when);
        var parsedA = WgConfigParser.Parse(fromA.StdOut).ToDesiredDevice("wg0");
        var parsedB = WgConfigParser.Parse(fromB.StdOut).ToDesiredDevice("wg0");
        Assert.That(UapiDeviceModel.Render(parsedB), Is.EqualTo(UapiDeviceModel.Render(parsedA)), when);
    }
}
