using MeshAgent.Daemon.Tests.TestSupport;
using MeshAgent.Lab;
using MeshAgent.Lab.Firewalld;

namespace MeshAgent.Daemon.Tests.Lab;

/// <summary>
/// The daemon on a host where the real firewalld owns the firewall (private bus, as LAB.md runs NetworkManager):
/// <c>backend: auto</c> picks firewalld, the settings land in its zones and no nft table of ours appears, a
/// <c>firewall-cmd --reload</c> is followed by our runtime state coming back (the Reloaded signal asks for the pass;
/// that the signal, not the periodic pass, did it is shown in Firewall.Tests' FirewalldLabTests), and
/// <c>meshctl status</c> says so.
/// </summary>
public sealed class FirewalldDaemonLabTests : LabTest
{
    private static readonly TimeSpan Converge = TimeSpan.FromSeconds(60);

    [Test]
    public async Task Run_AutoWithFirewalld_ZonesSetAndRestoredAfterReload()
    {
        RequireTools("firewalld", "firewall-cmd", "dbus-daemon", "nft");
        var host = await Lab.AddHostAsync("node");
        await using var firewalld = await LabFirewalld.StartAsync(Lab, host);
        var directory = Path.Combine(Lab.Directory, "agent");
        Directory.CreateDirectory(directory);
        var runtime = Path.Combine(directory, "run");
        var socket = Path.Combine(runtime, "meshagent.sock");
        var configPath = Path.Combine(directory, "agent.yaml");
        await File.WriteAllTextAsync(configPath, $"""
            node:
              name: fwd
              state_dir: {Path.Combine(directory, "state")}
              runtime_dir: {runtime}
            http:
              listen: "127.0.0.1:9473"
              api_socket: {socket}
            firewall:
              trusted_interfaces: [wg0]
              allow_tcp_ports: [2222]

            """);
        var options = new LabProcessOptions { Name = "meshagent", Environment = { ["DBUS_SYSTEM_BUS_ADDRESS"] = firewalld.BusAddress } };
        var daemon = host.Start(DaemonProcess.DaemonPath, ["run", "--config", configPath], options);

        await Poll.UntilAsync(async () => daemon.HasExited || await TrustedHasWg0Async(firewalld), Converge, "wg0 in firewalld's trusted zone");
        Assert.That(daemon.HasExited, Is.False, daemon.Output);
        await firewalld.FirewallCmdCheckedAsync("--reload");
        await Poll.UntilAsync(async () => daemon.HasExited || await TrustedHasWg0Async(firewalld), Converge, "wg0 back in the trusted zone after firewall-cmd --reload");
        string status = string.Empty;
        await Poll.UntilAsync(
            async () => (status = (await CommandRunner.RunAsync(DaemonProcess.MeshctlPath, ["status", "--socket", socket])).StdOut).Contains("firewalld, in sync", StringComparison.Ordinal),
            Converge,
            "meshctl status to report firewalld in sync");
        TestContext.Out.WriteLine(status);
        TestContext.Out.WriteLine((await firewalld.FirewallCmdCheckedAsync("--zone=trusted", "--list-all")).StdOut);
        Assert.Multiple(async () =>
        {
            Assert.That((await firewalld.FirewallCmdAsync("--zone=public", "--query-port=2222/tcp")).StdOut.Trim(), Is.EqualTo("yes"));
            Assert.That((await host.RunAsync("nft", "list", "table", "inet", "meshagent")).Succeeded, Is.False, "never nft rules behind firewalld's back");
        });
        Assert.That(await daemon.StopAsync(TimeSpan.FromSeconds(30)), Is.Zero, daemon.Output);
    }

    private static async Task<bool> TrustedHasWg0Async(LabFirewalld firewalld) =>
        (await firewalld.FirewallCmdAsync("--zone=trusted", "--list-interfaces")).StdOut.Split(' ', StringSplitOptions.TrimEntries).Contains("wg0");
}
