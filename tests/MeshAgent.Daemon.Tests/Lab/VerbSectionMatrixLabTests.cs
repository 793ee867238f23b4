using MeshAgent.Daemon.Tests.TestSupport;
using MeshAgent.Lab;
using MeshAgent.Lab.NetworkManager;

namespace MeshAgent.Daemon.Tests.Lab;

/// <summary>
/// Every verb of the real binary (<c>config check</c>, <c>plan</c>, <c>apply --once</c>, <c>run</c> up to READY=1)
/// against a config holding each section alone and all of them together, in a lab host with the real components
/// the section drives (wireguard-go, NetworkManager on a private bus, dnsmasq). Each cell asserts the exit code
/// and what the verb prints, so a verb that was never tried with a section (the one-shot verbs crashed with any
/// <c>vrb:</c> once) cannot slip through.
/// </summary>
public class VerbSectionMatrixLabTests : LabTest
{
    private static readonly TimeSpan VerbTimeout = TimeSpan.FromMinutes(2);

    /// <summary>The sections, each alone, then all together.</summary>
    public static readonly string[] Sections = ["node", "mesh", "gossip", "authority", "join", "vrb", "dns_dhcp", "nat", "firewall", "all"];

    [TestCaseSource(nameof(Sections))]
    public async Task ConfigCheck_Section_ValidOrEveryProblemWithItsPath(string section)
    {
        var host = await HostAsync(section);
        var (exit, output) = await VerbAsync(host, "config", "check");

        if (section == "join")
        {
            AssertJoinRefused(exit, output);
            return;
        }

        Assert.That(exit, Is.Zero, output);
        Assert.That(output, Does.Contain(host.ConfigPath + ": ok"));
    }

    [TestCaseSource(nameof(Sections))]
    public async Task Plan_Section_PrintsEachSubsystemsChangesAndChangesNothing(string section)
    {
        var host = await HostAsync(section);
        var before = await host.Lab.RunCheckedAsync("ip", "-br", "link");
        var (exit, output) = await VerbAsync(host, "plan");
        var after = await host.Lab.RunCheckedAsync("ip", "-br", "link");

        Assert.That(output, Does.Not.Contain("Unhandled exception"));
        Assert.That(after.StdOut, Is.EqualTo(before.StdOut), "plan changed the host's links");
        switch (section)
        {
            case "join":
                AssertJoinRefused(exit, output);
                return;
            case "node":
                Assert.That(exit, Is.Zero, output);
                Assert.That(output, Does.Contain("no subsystems are configured: nothing to plan"));
                return;
            case "gossip" or "authority" or "nat":
                Assert.That(exit, Is.Zero, output);
                Assert.That(output, Does.Contain($"{section}: off: "));
                Assert.That(output, Does.Contain("nothing to plan"));
                return;
        }

        Assert.That(exit, Is.Zero, output);
        if (section == "mesh")
        {
            Assert.That(output, Does.Contain("wireguard:\n  + add device wg0: port 51820"));
        }

        if (section == "all")
        {
            // A signed mesh: wg0's peers and address follow this node's record, which the admin signs at run.
            Assert.That(output, Does.Contain("admission:\n  + add signed record"));
            Assert.That(output, Does.Contain("wireguard: "));
        }

        if (section is "vrb" or "all")
        {
            Assert.That(output, Does.Contain("networkmanager:\n"));
            Assert.That(output, Does.Contain("br0"));
            Assert.That((await host.Nm!.NmcliAsync("-t", "-f", "NAME", "connection", "show")).StdOut, Does.Not.Contain("br0"), "plan added a profile");
        }

        if (section is "dns_dhcp" or "all")
        {
            Assert.That(output, Does.Contain("+ add process dnsmasq"));
        }

        if (section is "firewall" or "all")
        {
            Assert.That(output, Does.Contain("firewall:\n"));
            Assert.That((await host.Lab.RunAsync("nft", "list", "table", "inet", "meshagent")).ExitCode, Is.Not.Zero, "plan created our table");
        }

        if (section == "all")
        {
            Assert.That(output, Does.Not.Contain(": off: "), "every section is active when all are present");
        }
    }

    [Test]
    public async Task Plan_VrbWithNetworkManagerUnreachable_SaysSoInOneLineAndFails()
    {
        var host = await HostAsync("vrb", startNetworkManager: false);

        var (exit, output) = await VerbAsync(host, "plan");

        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(exit, Is.EqualTo(1), output);
        Assert.That(lines.Where(l => l.Contains("networkmanager", StringComparison.OrdinalIgnoreCase) || l.Contains("D-Bus", StringComparison.Ordinal)).ToList(), Has.Count.EqualTo(1), output);
        Assert.That(lines, Has.Some.StartsWith("networkmanager: cannot plan: "), output);
        Assert.That(output, Does.Not.Contain("Unhandled exception"));
    }

    [TestCaseSource(nameof(Sections))]
    public async Task ApplyOnce_Section_AppliesWhatOutlivesTheVerbAndSaysWhatNeedsTheDaemon(string section)
    {
        var host = await HostAsync(section);
        var (exit, output) = await VerbAsync(host, "apply", "--once");

        Assert.That(output, Does.Not.Contain("Unhandled exception"));
        switch (section)
        {
            case "join":
                AssertJoinRefused(exit, output);
                return;
            case "node":
                Assert.That(exit, Is.Zero, output);
                Assert.That(output, Does.Contain("no subsystems are configured: nothing to apply"));
                return;
            case "gossip" or "authority" or "nat":
                Assert.That(exit, Is.Zero, output);
                Assert.That(output, Does.Contain($"{section}: off: "));
                return;
        }

        if (section is "vrb" or "all")
        {
            Assert.That(output, Does.Contain("networkmanager: converged"));
            var bridge = await host.Nm!.NmcliAsync("-t", "-f", "GENERAL.STATE", "device", "show", "br0");
            Assert.That(bridge.StdOut, Does.Contain("(connected)"), "br0 is up after apply --once");
        }

        if (section is "mesh" or "all")
        {
            // The lab has no kernel WireGuard: wg0 would be a wireguard-go child that ends with the verb.
            Assert.That(output, Does.Contain("wireguard: not applied: wg0 is a wireguard-go process"));
            Assert.That(output, Does.Contain("sysctl: converged"));
        }

        if (section is "dns_dhcp" or "all")
        {
            Assert.That(output, Does.Contain("dnsmasq: not applied: dnsmasq runs as the daemon's supervised child"));
        }

        if (section is "firewall" or "all")
        {
            Assert.That(output, Does.Contain("firewall: converged"));
            Assert.That((await host.Lab.RunAsync("nft", "list", "table", "inet", "meshagent")).ExitCode, Is.Zero, "our table exists after apply --once");
        }

        // vrb and firewall alone are applied completely; a daemon-bound subsystem makes the verb fail, as documented.
        Assert.That(exit, Is.EqualTo(section is "vrb" or "firewall" ? 0 : 1), output);
    }

    [TestCaseSource(nameof(Sections))]
    public async Task Run_Section_ReadyAfterFirstReconcileThenStopsCleanly(string section)
    {
        var host = await HostAsync(section);
        using var notify = NotifyListener.AtPath(Path.Combine(Lab.Directory, "notify.sock"));
        var daemon = host.Lab.Start(DaemonProcess.DaemonPath, ["run", "--config", host.ConfigPath], Options(host, notify.NotifySocket));

        if (section == "join")
        {
            Assert.That(await daemon.WaitForExitAsync(VerbTimeout), Is.True, "a daemon with an invalid config exits");
            AssertJoinRefused(daemon.ExitCode, daemon.Output);
            Assert.That(notify.Messages, Is.Empty, "nothing is sent to systemd before the config is valid");
            return;
        }

        await notify.WaitForAsync(m => m.Has("READY", "1"), $"READY=1 with {section}", timeout: VerbTimeout);
        if (section is "mesh" or "all")
        {
            Assert.That((await host.Lab.RunAsync("ip", "link", "show", "wg0")).ExitCode, Is.Zero, "wg0 exists once READY");
        }

        if (section is "firewall" or "all")
        {
            Assert.That((await host.Lab.RunAsync("nft", "list", "table", "inet", "meshagent")).ExitCode, Is.Zero, "our table exists once READY");
        }

        if (section is "vrb" or "all")
        {
            Assert.That((await host.Nm!.NmcliAsync("-t", "-f", "GENERAL.STATE", "device", "show", "br0")).StdOut, Does.Contain("(connected)"));
        }

        if (section is "gossip" or "authority" or "nat")
        {
            Assert.That(daemon.Output, Does.Contain($"Configuration section inactive: {section}: off: "));
        }

        var exit = await daemon.StopAsync(TimeSpan.FromSeconds(30));
        Assert.That(exit, Is.Zero, daemon.Output);
        Assert.That(notify.Messages.Any(m => m.Has("STOPPING", "1")), Is.True, "STOPPING=1 on SIGTERM");
    }

    private static void AssertJoinRefused(int exit, string output)
    {
        Assert.That(exit, Is.EqualTo(78), output);
        Assert.That(output, Does.Contain("join: needs a mesh section"));
        Assert.That(output, Does.Contain("join: needs an authority section"));
    }

    private static LabProcessOptions Options(MatrixHost host, string? notifySocket = null)
    {
        var options = new LabProcessOptions { Name = "meshagent", WireGuardRunDirectory = true };
        options.Environment["DBUS_SYSTEM_BUS_ADDRESS"] = host.Nm?.BusAddress ?? $"unix:path={Path.Combine(host.Directory, "no-bus.sock")}";
        if (notifySocket is not null)
        {
            options.Environment["NOTIFY_SOCKET"] = notifySocket;
        }

        return options;
    }

    private static async Task<(int ExitCode, string Output)> VerbAsync(MatrixHost host, params string[] verb)
    {
        var process = host.Lab.Start(DaemonProcess.DaemonPath, [.. verb, "--config", host.ConfigPath], Options(host));
        Assert.That(await process.WaitForExitAsync(VerbTimeout), Is.True, $"meshagent {string.Join(' ', verb)} did not exit: {process.Output}");
        return (process.ExitCode, process.Output);
    }

    /// <summary>A lab host with the components <paramref name="section"/> drives, and its agent.yaml.</summary>
    private async Task<MatrixHost> HostAsync(string section, bool startNetworkManager = true)
    {
        RequireTools("wireguard-go", "dnsmasq", "NetworkManager", "dbus-daemon", "nmcli");
        var host = await Lab.AddHostAsync("node");
        var peer = await Lab.AddHostAsync("peer");
        // The bridge's port: a veth whose other end is in a second host, as a NIC to a LAN switch.
        await Lab.LinkAsync(host, "eth9", null, peer, "eth0", "10.10.10.50/24");
        var directory = Path.Combine(Lab.Directory, "agent");
        Directory.CreateDirectory(directory);
        var nm = startNetworkManager && section is "vrb" or "all" ? await LabNetworkManager.StartAsync(Lab, host) : null;

        var keyFile = Path.Combine(directory, "authority.key");
        var meshctl = await CommandRunner.RunAsync(DaemonProcess.MeshctlPath, ["authority", "init", "--key-file", keyFile]);
        var authorityKey = meshctl.EnsureSuccess().StdOut.Trim();
        var sections = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["mesh"] = """
                mesh:
                  prefix: 10.10.11.0/24
                  address: 10.10.11.1/24
                  role: hub
                  endpoint: "192.0.2.1:51820"
                  backend: userspace

                """,
            ["gossip"] = "gossip: { port: 7946 }\n",
            ["authority"] = $"authority:\n  public_key: \"{authorityKey}\"\n",
            ["join"] = "join: { token: \"mtk1.placeholder\" }\n",
            ["vrb"] = "vrb: { lan: { bridge: br0, address: 10.10.10.1/24, ports: [eth9] }, rollback_timeout: 60s }\n",
            ["dns_dhcp"] = $"dns_dhcp:\n  interfaces: [{(section == "all" ? "br0" : "lo")}]\n  upstream: []\n",
            ["nat"] = "nat: { port_mapping: auto }\n",
            ["firewall"] = "firewall: {}\n",
        };
        string body = section switch
        {
            "node" => string.Empty,
            // The admin node: every section but join (an admin does not ask to join; join alone is its own row).
            "all" => sections["mesh"] + sections["gossip"] + $"authority:\n  public_key: \"{authorityKey}\"\n  key_file: {keyFile}\n"
                + sections["vrb"] + sections["dns_dhcp"] + sections["nat"] + sections["firewall"],
            _ => sections[section],
        };
        var configPath = Path.Combine(directory, "agent.yaml");
        var runtime = Path.Combine(directory, "run");
        await File.WriteAllTextAsync(configPath, $"""
            node:
              name: matrix
              state_dir: {Path.Combine(directory, "state")}
              runtime_dir: {runtime}
            http:
              listen: "127.0.0.1:9473"
              api_socket: {Path.Combine(runtime, "meshagent.sock")}

            """ + body);
        return new MatrixHost(host, nm, directory, configPath);
    }

    private sealed record MatrixHost(LabHost Lab, LabNetworkManager? Nm, string Directory, string ConfigPath);
}
