using MeshAgent.Daemon.Tests.TestSupport;
using MeshAgent.Lab;
using MeshAgent.Lab.Mesh;

namespace MeshAgent.Daemon.Tests.Lab;

/// <summary>
/// A hub and two spokes, every one with <c>firewall: drop_other_input: true</c> (our nftables table drops what it
/// does not accept): WireGuard handshakes, the join and gossip still pass, every host pings every other, SSH
/// still answers while another port is dropped, and <c>meshctl status</c> reports the backend in sync.
/// </summary>
[Category("Lab")]
[NonParallelizable]
public sealed class MeshFirewallLabTests : LabTest
{
    private static readonly TimeSpan Converge = TimeSpan.FromSeconds(90);

    [Test]
    public async Task Mesh_DropOtherInputOnEveryHost_MeshWorksAndSshAnswers()
    {
        RequireTools("wireguard-go", "wg", "nft", "dnsmasq", "ping", "socat");
        var mesh = new MeshLab(Lab, DaemonProcess.DaemonPath, DaemonProcess.MeshctlPath)
        {
            FirewallSection = "firewall:\n  drop_other_input: true\n",
        };
        var hub = await mesh.StartHubAsync();
        var spoke1 = await mesh.AddSpokeAsync("spoke1");
        var spoke2 = await mesh.AddSpokeAsync("spoke2");
        await mesh.WaitUntilAllKnowAsync([hub.Name, spoke1.Name, spoke2.Name], Converge);
        var addresses = await mesh.MeshAddressesAsync(hub);
        var nodes = new[] { hub, spoke1, spoke2 };
        await Poll.UntilAsync(
            async () => (await UnreachableAsync(nodes, addresses)).Count == 0,
            Converge,
            "every host to ping every other by mesh address through the firewall");

        hub.Host.Start("socat", ["TCP-LISTEN:22,fork,reuseaddr", "SYSTEM:echo ssh"]);
        hub.Host.Start("socat", ["TCP-LISTEN:2222,fork,reuseaddr", "SYSTEM:echo other"]);
        await Poll.UntilAsync(async () => await AnswersAsync(spoke1, "192.0.2.1", 22), Converge, "the hub's SSH port to answer");
        foreach (var node in nodes)
        {
            TestContext.Out.WriteLine($"nft list table inet meshagent on {node.Name}:\n{(await node.Host.RunCheckedAsync("nft", "list", "table", "inet", "meshagent")).StdOut}");
        }

        var status = await mesh.MeshctlAsync(hub, "status");
        TestContext.Out.WriteLine(status);
        Assert.Multiple(async () =>
        {
            Assert.That(await UnreachableAsync(nodes, addresses), Is.Empty);
            Assert.That(await AnswersAsync(spoke1, "192.0.2.1", 2222), Is.False, "other input to the hub is dropped");
            Assert.That(await AnswersAsync(spoke1, addresses[hub.Name], 2222), Is.True, "wg0 is trusted");
            Assert.That(status, Does.Match(@"firewall\s+nftables, in sync"));
        });
    }

    // Two spokes behind NATs with no nat: section: neither maps nor punches, so spoke to spoke goes through the hub,
    // whose table must forward wg0 to wg0 while dropping other input.
    [Test]
    public async Task Mesh_HubWithDropOtherInput_RelaysSpokeToSpoke()
    {
        RequireTools("wireguard-go", "wg", "nft", "dnsmasq", "ping");
        var mesh = new MeshLab(Lab, DaemonProcess.DaemonPath, DaemonProcess.MeshctlPath)
        {
            FirewallSection = "firewall:\n  drop_other_input: true\n",
        };
        var hub = await mesh.StartHubAsync();
        var spoke1 = await mesh.AddSpokeAsync("spoke1", behindNat: true);
        var spoke2 = await mesh.AddSpokeAsync("spoke2", behindNat: true);
        await mesh.WaitUntilAllKnowAsync([hub.Name, spoke1.Name, spoke2.Name], Converge);
        var addresses = await mesh.MeshAddressesAsync(hub);
        await Poll.UntilAsync(
            async () => await MeshLab.PingAsync(spoke1, addresses[spoke2.Name]) && await MeshLab.PingAsync(spoke2, addresses[spoke1.Name]),
            Converge,
            "the spokes behind NAT to ping each other through the hub");

        var table = (await hub.Host.RunCheckedAsync("nft", "list", "table", "inet", "meshagent")).StdOut;
        var peers = await mesh.MeshctlAsync(spoke1, "peers");
        TestContext.Out.WriteLine($"hub table:\n{table}\nspoke1 peers:\n{peers}");
        Assert.Multiple(() =>
        {
            Assert.That(table, Does.Contain("iifname \"wg0\" oifname \"wg0\" accept"), "the hub forwards between tunnels");
            Assert.That(table, Does.Contain("policy drop"), "other input is dropped on the hub");
            Assert.That(peers, Does.Not.Contain(spoke2.Name + " "), "spoke1 has no direct peer for spoke2: the hub relays");
        });
    }

    private static async Task<List<string>> UnreachableAsync(IEnumerable<MeshLabNode> nodes, Dictionary<string, string> addresses)
    {
        var failures = await Task.WhenAll(nodes.SelectMany(node => addresses.Where(a => a.Key != node.Name).Select(async target =>
            await MeshLab.PingAsync(node, target.Value) ? null : $"{node.Name} -> {target.Key}")));
        return [.. failures.OfType<string>()];
    }

    private static async Task<bool> AnswersAsync(MeshLabNode from, string address, int port)
    {
        var result = await from.Host.RunAsync("socat", ["-u", $"TCP:{address}:{port},connect-timeout=3", "-"], TimeSpan.FromSeconds(30));
        return result.Succeeded && result.StdOut.Length > 0;
    }
}
