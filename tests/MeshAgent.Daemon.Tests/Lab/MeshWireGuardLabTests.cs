using MeshAgent.Daemon.Tests.TestSupport;
using MeshAgent.Lab;

namespace MeshAgent.Daemon.Tests.Lab;

/// <summary>
/// The daemon with a `mesh:` section in a lab host without kernel WireGuard: it generates its key (0600),
/// starts wireguard-go for wg0, sets key, port, the hub peer from the config, MTU and address, and sets
/// forwarding-related sysctls — all checked with wg(8) and ip(8), independent of our code.
/// </summary>
public class MeshWireGuardLabTests : LabTest
{
    private const string HubKey = "XZlHeaeWw7rIg+EnXkVkP8EMg7U35WT/4v2YXmguytA=";

    [Test]
    public async Task Run_SpokeWithHubInConfig_CreatesWg0WithHubPeerAddressAndKey()
    {
        RequireTools("wireguard-go", "wg", "ip");
        var spoke = await Lab.AddHostAsync("spoke");
        var state = Path.Combine(Lab.Directory, "spoke-state");
        var runtime = Path.Combine(Lab.Directory, "spoke-run");
        var configPath = Path.Combine(Lab.Directory, "agent.yaml");
        File.WriteAllText(configPath, $"""
            node:
              name: spoke-a
              state_dir: {state}
              runtime_dir: {runtime}
            http:
              listen: "127.0.0.1:9473"
              api_socket: {Path.Combine(runtime, "meshagent.sock")}
            mesh:
              prefix: 10.10.11.0/24
              address: 10.10.11.20/24
              listen_port: 51821
              mtu: 1380
              backend: userspace
              hubs:
                - name: hub-1
                  public_key: "{HubKey}"
                  endpoint: "192.0.2.1:51820"
                  address: 10.10.11.1
            """);
        using var notify = NotifyListener.AtPath(Path.Combine(Lab.Directory, "notify.sock"));
        spoke.Start(DaemonProcess.DaemonPath, ["run", "--config", configPath], new LabProcessOptions
        {
            Name = "meshagent",
            WireGuardRunDirectory = true,
            Environment = { ["NOTIFY_SOCKET"] = notify.NotifySocket },
        });
        await notify.WaitForAsync(m => m.Has("READY", "1"), "READY=1 after the first reconcile");

        var dump = await WgAsync(spoke, "show", "wg0", "dump");
        var address = await spoke.RunCheckedAsync("ip", "-o", "addr", "show", "dev", "wg0");
        var link = await spoke.RunCheckedAsync("ip", "-o", "link", "show", "dev", "wg0");
        var forwarding = await spoke.RunCheckedAsync("sysctl", "-n", "net.ipv4.conf.all.rp_filter");
        var keyFile = Path.Combine(state, "wireguard.key");
        var lines = dump.Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.Multiple(() =>
        {
            Assert.That(lines, Has.Length.EqualTo(2), dump);
            Assert.That(lines[0].Split('\t')[2], Is.EqualTo("51821"), "listen port");
            Assert.That(lines[0].Split('\t')[0], Is.EqualTo(File.ReadAllText(keyFile).Trim()), "the device holds the key from the state dir");
            Assert.That(File.GetUnixFileMode(keyFile), Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite));
            var peer = lines[1].Split('\t');
            Assert.That(peer[0], Is.EqualTo(HubKey));
            Assert.That(peer[2], Is.EqualTo("192.0.2.1:51820"));
            Assert.That(peer[3].Split(',').Order(), Is.EqualTo(new[] { "10.10.11.0/24", "10.10.11.1/32" }));
            Assert.That(peer[7], Is.EqualTo("25"), "keepalive from a spoke to its hub");
            Assert.That(address.StdOut, Does.Contain("inet 10.10.11.20/24"));
            Assert.That(link.StdOut, Does.Contain("mtu 1380").And.Contain("UP"));
            Assert.That(forwarding.StdOut.Trim(), Is.EqualTo("2"));
        });
    }

    /// <summary>wg(8) sees only the sockets in the host's private /run/wireguard.</summary>
    private static async Task<string> WgAsync(LabHost host, params string[] arguments)
    {
        var wg = host.Start("wg", arguments, new LabProcessOptions { WireGuardRunDirectory = true, Name = "wg" });
        var exit = await wg.WaitForExitAsync();
        Assert.That(exit, Is.Zero, wg.Output);
        return wg.Output;
    }
}
