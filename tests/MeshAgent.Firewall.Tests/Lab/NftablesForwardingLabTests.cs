using System.Text.RegularExpressions;
using MeshAgent.Firewall.Nftables;
using MeshAgent.Firewall.Rules;
using MeshAgent.Lab;
using NUnit.Framework;

namespace MeshAgent.Firewall.Tests.Lab;

/// <summary>
/// Our nftables table on a router host between a LAN client and the rest: TCP MSS clamping on a SYN that crosses
/// wg0 (userspace WireGuard), and masquerade of the LAN out of the WAN interface. Each checks the behaviour
/// before our table too, so the test fails if the table does nothing.
/// </summary>
public sealed partial class NftablesForwardingLabTests : LabTest
{
    private static readonly TimeSpan Ready = TimeSpan.FromSeconds(30);

    [Test]
    public async Task ApplyAsync_MssClamp_SynCrossingWg0CarriesTheTunnelMss()
    {
        RequireTools("nft", "socat", "tcpdump", "wireguard-go", "wg");
        var client = await Lab.AddHostAsync("c");
        var router = await Lab.AddHostAsync("r");
        var far = await Lab.AddHostAsync("f");
        await Lab.LinkAsync(client, "eth0", "10.10.10.2/24", router, "lan0", "10.10.10.1/24");
        await Lab.LinkAsync(router, "eth0", "192.0.2.1/24", far, "eth0", "192.0.2.2/24");
        await client.RunCheckedAsync("ip", "route", "add", "default", "via", "10.10.10.1");
        await router.RunCheckedAsync("sysctl", "-qw", "net.ipv4.ip_forward=1");
        var routerKey = await StartWireGuardAsync(router);
        var farKey = await StartWireGuardAsync(far);
        await WgSetAsync(router, "10.10.11.1/24", farKey.Public, "10.10.11.2/32", "192.0.2.2:51820", routerKey.Private);
        await WgSetAsync(far, "10.10.11.2/24", routerKey.Public, "10.10.11.1/32,10.10.10.0/24", "192.0.2.1:51820", farKey.Private);
        await far.RunCheckedAsync("ip", "route", "add", "10.10.10.0/24", "dev", "wg0");
        far.Start("socat", ["TCP-LISTEN:5000,fork,reuseaddr,bind=10.10.11.2", "SYSTEM:echo far"]);
        await Poll.UntilAsync(async () => await ConnectsAsync(client, "10.10.11.2", 5000), Ready, "the far end to answer through the tunnel");

        var before = await SynMssAsync(client, far);
        var spec = new FirewallSpec { MssClampInterface = "wg0", ForwardInterfaces = ["wg0", "lan0"] };
        var reconciler = new NftablesReconciler(InHost(router), () => spec);
        var result = await reconciler.ApplyAsync(await reconciler.PlanAsync(CancellationToken.None), CancellationToken.None);
        var after = await SynMssAsync(client, far);
        var table = (await router.RunCheckedAsync("nft", "list", "table", "inet", "meshagent")).StdOut;
        TestContext.Out.WriteLine($"SYN MSS on the far end's wg0: {before} before, {after} after\n{table}");
        Assert.Multiple(() =>
        {
            Assert.That(result.Converged, Is.True);
            Assert.That(before, Is.EqualTo(1460), "a LAN client's SYN carries its Ethernet MSS");
            Assert.That(after, Is.EqualTo(1380), "clamped to wg0's MTU 1420 minus 40");
            Assert.That(ClampCounters(table), Has.Some.GreaterThan(0), "the clamp rule's counter saw the SYN");
        });
    }

    [Test]
    public async Task ApplyAsync_Masquerade_LanClientReachesWanHostAsTheRouter()
    {
        RequireTools("nft", "socat");
        var client = await Lab.AddHostAsync("c");
        var router = await Lab.AddHostAsync("r");
        var wan = await Lab.AddHostAsync("w");
        await Lab.LinkAsync(client, "eth0", "10.10.10.2/24", router, "lan0", null);
        await Lab.LinkAsync(router, "wan0", "203.0.113.1/24", wan, "eth0", "203.0.113.2/24");
        // The LAN sits behind a bridge, as vrb.lan's br0 does; the WAN host has no route back to it.
        await router.RunCheckedAsync("ip", "link", "add", "br0", "type", "bridge");
        await router.RunCheckedAsync("ip", "link", "set", "lan0", "master", "br0");
        await router.RunCheckedAsync("ip", "addr", "add", "10.10.10.1/24", "dev", "br0");
        await router.RunCheckedAsync("ip", "link", "set", "br0", "up");
        await router.RunCheckedAsync("sysctl", "-qw", "net.ipv4.ip_forward=1");
        await client.RunCheckedAsync("ip", "route", "add", "default", "via", "10.10.10.1");
        wan.Start("socat", ["TCP-LISTEN:8080,fork,reuseaddr", "SYSTEM:echo $SOCAT_PEERADDR"]);
        await Poll.UntilAsync(async () => (await router.RunAsync("socat", ["-u", "TCP:203.0.113.2:8080,connect-timeout=3", "-"], Ready)).Succeeded, Ready, "the WAN host to listen");

        var before = await PeerSeenByWanAsync(client);
        var spec = new FirewallSpec { ForwardInterfaces = ["br0"], MasqueradeInterfaces = ["wan0"], MasqueradeSources = ["10.10.10.0/24"] };
        var reconciler = new NftablesReconciler(InHost(router), () => spec);
        var result = await reconciler.ApplyAsync(await reconciler.PlanAsync(CancellationToken.None), CancellationToken.None);
        var after = await PeerSeenByWanAsync(client);
        TestContext.Out.WriteLine((await router.RunCheckedAsync("nft", "list", "table", "inet", "meshagent")).StdOut);
        Assert.Multiple(() =>
        {
            Assert.That(result.Converged, Is.True);
            Assert.That(before, Is.Null, "without masquerade the WAN host cannot answer the LAN");
            Assert.That(after, Is.EqualTo("203.0.113.1"), "the WAN host sees the router's address");
        });
    }

    private static NftProcess InHost(LabHost host) => new("ip", ["netns", "exec", host.Namespace, "nft"]);

    private static async Task<bool> ConnectsAsync(LabHost from, string address, int port)
    {
        var result = await from.RunAsync("socat", ["-u", $"TCP:{address}:{port},connect-timeout=3", "-"], TimeSpan.FromSeconds(30));
        return result.Succeeded && result.StdOut.Length > 0;
    }

    private static async Task<string?> PeerSeenByWanAsync(LabHost client)
    {
        var result = await client.RunAsync("socat", ["-u", "TCP:203.0.113.2:8080,connect-timeout=3", "-"], TimeSpan.FromSeconds(30));
        return result.Succeeded && result.StdOut.Trim().Length > 0 ? result.StdOut.Trim() : null;
    }

    /// <summary>Connects once from the client and returns the MSS option of the SYN as tcpdump on the far end's wg0 saw it.</summary>
    private static async Task<int> SynMssAsync(LabHost client, LabHost far)
    {
        // tcpdump -c 1 exits after the SYN; the lab stops it at teardown otherwise.
        var dump = far.Start("tcpdump", ["-l", "-n", "-v", "-i", "wg0", "-c", "1", "tcp[tcpflags] & (tcp-syn|tcp-ack) == tcp-syn and dst port 5000"]);
        await dump.WaitForOutputAsync("listening on wg0", Ready);
        Assert.That(await ConnectsAsync(client, "10.10.11.2", 5000), Is.True, "the client connects through the tunnel");
        await Poll.UntilAsync(() => MssPattern().IsMatch(dump.Output) || dump.HasExited, Ready, "tcpdump to print the SYN");
        var match = MssPattern().Match(dump.Output);
        return match.Success ? int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : throw new AssertionException("tcpdump saw no SYN: " + dump.Output);
    }

    private static IEnumerable<long> ClampCounters(string table) =>
        CounterPattern().Matches(table).Select(m => long.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));

    private static async Task<(string Private, string Public)> StartWireGuardAsync(LabHost host)
    {
        var key = (await host.RunCheckedAsync("wg", "genkey")).StdOut.Trim();
        var pub = (await host.RunAsync("wg", ["pubkey"], Ready, key + "\n")).EnsureSuccess().StdOut.Trim();
        host.Start("wireguard-go", ["-f", "wg0"], new LabProcessOptions { WireGuardRunDirectory = true });
        await Poll.UntilAsync(() => File.Exists(Path.Combine(host.WireGuardRunDirectory, "wg0.sock")), Ready, $"wireguard-go on {host.Name}");
        return (key, pub);
    }

    private static async Task WgSetAsync(LabHost host, string address, string peer, string allowed, string endpoint, string privateKey)
    {
        var keyFile = Path.Combine(host.WireGuardRunDirectory, "..", "wg.key");
        await File.WriteAllTextAsync(keyFile, privateKey + "\n");
        File.SetUnixFileMode(keyFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        await host.RunCheckedAsync("sh", "-c",
            $"mount --bind '{host.WireGuardRunDirectory}' /run/wireguard && wg set wg0 listen-port 51820 private-key '{keyFile}' peer {peer} allowed-ips {allowed} endpoint {endpoint}");
        await host.RunCheckedAsync("ip", "addr", "add", address, "dev", "wg0");
        await host.RunCheckedAsync("ip", "link", "set", "wg0", "mtu", "1420", "up");
    }

    [GeneratedRegex(@"mss (\d+)")]
    private static partial Regex MssPattern();

    [GeneratedRegex(@"counter packets (\d+) bytes \d+ tcp option maxseg size set rt mtu")]
    private static partial Regex CounterPattern();
}
