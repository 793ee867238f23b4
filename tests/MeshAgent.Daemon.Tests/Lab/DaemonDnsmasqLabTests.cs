using MeshAgent.Daemon.Tests.TestSupport;
using MeshAgent.Lab;

namespace MeshAgent.Daemon.Tests.Lab;

/// <summary>
/// The daemon with `mesh:` and `dns_dhcp:` in a lab host that has a LAN bridge: it runs dnsmasq as its
/// child, which answers the node's own mesh name and the static LAN names on the bridge address,
/// checked with dig(1) from a client host on the LAN; SIGTERM stops dnsmasq with the daemon.
/// </summary>
public class DaemonDnsmasqLabTests : LabTest
{
    [Test]
    public async Task Run_WithDnsDhcp_ServesMeshAndLanNamesOnTheBridge()
    {
        RequireTools("wireguard-go", "dnsmasq", "dig");
        var gateway = await Lab.AddHostAsync("gw");
        var client = await Lab.AddHostAsync("client");
        await gateway.RunCheckedAsync("ip", "link", "add", "br0", "type", "bridge");
        await gateway.RunCheckedAsync("ip", "addr", "add", "10.10.10.1/24", "dev", "br0");
        await gateway.RunCheckedAsync("ip", "link", "set", "br0", "up");
        await Lab.LinkAsync(gateway, "lan0", null, client, "eth0", "10.10.10.50/24");
        await gateway.RunCheckedAsync("ip", "link", "set", "lan0", "master", "br0");

        var runtime = Path.Combine(Lab.Directory, "gw-run");
        var configPath = Path.Combine(Lab.Directory, "agent.yaml");
        File.WriteAllText(configPath, $"""
            node:
              name: gw
              state_dir: {Path.Combine(Lab.Directory, "gw-state")}
              runtime_dir: {runtime}
            http:
              listen: "127.0.0.1:9473"
              api_socket: {Path.Combine(runtime, "meshagent.sock")}
            mesh:
              prefix: 10.10.11.0/24
              address: 10.10.11.1/24
              role: hub
              endpoint: "192.0.2.1:51820"
              backend: userspace
            dns_dhcp:
              interfaces: [br0]
              upstream: []
              hosts:
                - address: 10.10.10.2
                  names: [switch]
            """);
        using var notify = NotifyListener.AtPath(Path.Combine(Lab.Directory, "notify.sock"));
        var daemon = gateway.Start(DaemonProcess.DaemonPath, ["run", "--config", configPath], new LabProcessOptions
        {
            Name = "meshagent",
            WireGuardRunDirectory = true,
            Environment = { ["NOTIFY_SOCKET"] = notify.NotifySocket },
        });
        await notify.WaitForAsync(m => m.Has("READY", "1"), "READY=1 after the first reconcile");

        string mesh = string.Empty;
        await Poll.UntilAsync(
            async () => (mesh = (await client.RunAsync("dig", "+short", "+time=1", "+tries=1", "@10.10.10.1", "gw.mesh")).StdOut.Trim()) == "10.10.11.1",
            TimeSpan.FromSeconds(60),
            "gw.mesh to resolve through the daemon's dnsmasq");
        var lan = await client.RunAsync("dig", "+short", "+time=2", "@10.10.10.1", "switch.lan");
        var dnsmasqRunning = await RunsInHostAsync(gateway, "dnsmasq");
        var exit = await daemon.StopAsync(TimeSpan.FromSeconds(20));
        var dnsmasqAfter = await RunsInHostAsync(gateway, "dnsmasq");

        Assert.Multiple(() =>
        {
            Assert.That(mesh, Is.EqualTo("10.10.11.1"));
            Assert.That(lan.StdOut.Trim(), Is.EqualTo("10.10.10.2"));
            Assert.That(dnsmasqRunning, Is.True);
            Assert.That(exit, Is.Zero, daemon.Output);
            Assert.That(dnsmasqAfter, Is.False, "dnsmasq outlived the daemon");
        });
    }

    /// <summary>
    /// Whether a process named <paramref name="name"/> lives in the host's network namespace. pgrep would
    /// see every process of the machine, including other test runs' dnsmasq.
    /// </summary>
    private static async Task<bool> RunsInHostAsync(LabHost host, string name)
    {
        var pids = await CommandRunner.RunAsync("ip", ["netns", "pids", host.Namespace]);
        return pids.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries).Any(pid =>
        {
            try
            {
                return File.ReadAllText($"/proc/{pid.Trim()}/comm").Trim() == name;
            }
            catch (IOException)
            {
                return false;
            }
        });
    }
}
