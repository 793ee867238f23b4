using System.Net;
using MeshAgent.Cli.Commands;
using MeshAgent.Cli.Doctor;
using MeshAgent.Cli.Doctor.Checks;
using MeshAgent.Core.Api;
using MeshAgent.Core.Configuration;

namespace MeshAgent.Daemon.Tests.Cli;

/// <summary>Each doctor check against facts: what it accepts, what it names as broken and what it says to do.</summary>
public sealed class DoctorCheckTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 4, 12, 0, 0, TimeSpan.Zero);

    private static readonly AgentConfig Spoke = Config("""
        node: { name: spoke1, runtime_dir: /run/meshagent }
        mesh:
          prefix: 10.10.11.0/24
          mtu: 1420
          backend: auto
          hubs: [ { name: hub1, public_key: "WzHE5VeP55Y9SKKttB39UaAlIM4cTeo3UR9JftVlgVQ=", endpoint: "192.0.2.1:51820", address: 10.10.11.1 } ]
        gossip: { port: 7946 }
        dns_dhcp: { interfaces: [br0] }
        nat: { port_mapping: auto }
        """);

    [Test]
    public void Daemon_NoAnswer_FailsSayingHowToStartIt()
    {
        var result = new DaemonCheck().Run(Facts() with { Status = null, Peers = null, Members = null, DaemonError = "connection refused" });

        Assert.That(result.Status, Is.EqualTo(DoctorStatus.Fail));
        Assert.That(result.Message, Does.Contain("does not answer").And.Contain("systemctl start meshagent"));
    }

    [Test]
    public void Config_Problems_FailsWithTheFirst()
    {
        var result = new ConfigCheck().Run(Facts() with { Config = null, ConfigProblems = ["agent.yaml:3:5: mesh.mtu: 70000 is out of range"] });

        Assert.That(result.Status, Is.EqualTo(DoctorStatus.Fail));
        Assert.That(result.Message, Does.Contain("mesh.mtu"));
    }

    [TestCase(false, null, true)]
    [TestCase(false, "/usr/bin/wireguard-go", false)]
    [TestCase(true, null, false)]
    public void WireGuardBackend_Auto_NeedsModuleOrWireGuardGo(bool kernel, string? wireguardGo, bool fails) =>
        Assert.That(new WireGuardBackendCheck().Run(Facts() with { KernelWireGuard = kernel, WireGuardGo = wireguardGo }).Status, Is.EqualTo(fails ? DoctorStatus.Fail : DoctorStatus.Ok));

    [Test]
    public void WireGuardBackend_KernelWithoutModule_Fails()
    {
        var facts = Facts() with { Config = Spoke with { Mesh = Spoke.Mesh! with { Backend = MeshBackend.Kernel } }, WireGuardGo = "/usr/bin/wireguard-go" };

        Assert.That(new WireGuardBackendCheck().Run(facts).Message, Does.Contain("no WireGuard module"));
    }

    [TestCase(null, false)]
    [TestCase("unmanaged", false)]
    [TestCase("connected", true)]
    public void NetworkManager_ManagingWg0_Fails(string? state, bool fails) =>
        Assert.That(new NetworkManagerCheck().Run(Facts() with { NetworkManagerState = state }).Status, Is.EqualTo(fails ? DoctorStatus.Fail : DoctorStatus.Ok));

    [Test]
    public void DnsPort_SquatterOnBridgeAddress_FailsNamingIt()
    {
        var facts = Facts() with
        {
            ServedAddresses = [new ServedAddress("br0", IPAddress.Parse("10.10.10.1"))],
            Port53 = [new PortListener("udp", IPAddress.Parse("10.10.10.1"), 4242, "named"), new PortListener("udp", IPAddress.Parse("10.10.10.1"), 77, "dnsmasq")],
            OwnDnsmasqPid = 77,
        };

        var result = new DnsPortCheck().Run(facts);

        Assert.That(result.Status, Is.EqualTo(DoctorStatus.Fail));
        Assert.That(result.Message, Does.Contain("named (pid 4242)").And.Contain("10.10.10.1 (br0)"));
    }

    [Test]
    public void DnsPort_ResolvedStubAndOwnDnsmasq_Ok()
    {
        var facts = Facts() with
        {
            ServedAddresses = [new ServedAddress("br0", IPAddress.Parse("10.10.10.1"))],
            Port53 = [new PortListener("udp", IPAddress.Parse("127.0.0.53"), 300, "systemd-resolve"), new PortListener("tcp", IPAddress.Parse("10.10.10.1"), 77, "dnsmasq")],
            OwnDnsmasqPid = 77,
        };

        Assert.That(new DnsPortCheck().Run(facts).Status, Is.EqualTo(DoctorStatus.Ok));
    }

    [Test]
    public void DnsPort_WildcardSquatter_Fails() =>
        Assert.That(new DnsPortCheck().Run(Facts() with { Port53 = [new PortListener("udp", IPAddress.Any, 9, "socat")] }).Status, Is.EqualTo(DoctorStatus.Fail));

    [Test]
    public void FirewallPort_InputPolicyDropWithoutAccept_Fails()
    {
        const string ruleset = """
            table inet filter {
            	chain input {
            		type filter hook input priority filter; policy drop;
            		ct state established,related accept
            		tcp dport 22 accept
            	}
            }
            """;

        var result = new FirewallPortCheck().Run(Facts() with { NftRuleset = ruleset });

        Assert.That(result.Status, Is.EqualTo(DoctorStatus.Fail));
        Assert.That(result.Message, Does.Contain("inet filter input").And.Contain("udp dport 51820 accept"));
    }

    [TestCase("udp dport 51820 accept")]
    [TestCase("udp dport { 53, 51820 } accept")]
    public void FirewallPort_InputAcceptsThePort_Ok(string rule)
    {
        var ruleset = "table inet filter {\n\tchain input {\n\t\ttype filter hook input priority filter; policy drop;\n\t\t" + rule + "\n\t}\n}\n";

        Assert.That(new FirewallPortCheck().Run(Facts() with { NftRuleset = ruleset }).Status, Is.EqualTo(DoctorStatus.Ok));
    }

    [Test]
    public void FirewallPort_ExplicitDropOfThePort_FailsEvenWithPolicyAccept()
    {
        var ruleset = "table ip t {\n\tchain c {\n\t\ttype filter hook input priority 0; policy accept;\n\t\tudp dport 51820 drop\n\t}\n}\n";

        Assert.That(new FirewallPortCheck().Run(Facts() with { NftRuleset = ruleset }).Status, Is.EqualTo(DoctorStatus.Fail));
    }

    [TestCase(30, false)]
    [TestCase(-400, true)]
    public void Clock_OffMoreThanTheRecordSkew_Fails(int seconds, bool fails) =>
        Assert.That(new ClockCheck().Run(Facts() with { ClockOffset = TimeSpan.FromSeconds(seconds), ClockReference = "hub1" }).Status, Is.EqualTo(fails ? DoctorStatus.Fail : DoctorStatus.Ok));

    [TestCase(3, true)]
    [TestCase(20, false)]
    public void RecordExpiry_WithinSevenDays_Fails(int days, bool fails) =>
        Assert.That(new RecordExpiryCheck().Run(Facts() with { Status = Status(Now.AddDays(days)) }).Status, Is.EqualTo(fails ? DoctorStatus.Fail : DoctorStatus.Ok));

    [TestCase(60, false)]
    [TestCase(200, true)]
    public void HubHandshake_OlderThanThreeMinutes_Fails(int secondsAgo, bool fails)
    {
        var facts = Facts() with { Peers = [Peer("hub1", "hub", Now.AddSeconds(-secondsAgo)), Peer("spoke2", "direct", Now)] };

        Assert.That(new HubHandshakeCheck().Run(facts).Status, Is.EqualTo(fails ? DoctorStatus.Fail : DoctorStatus.Ok));
    }

    [Test]
    public void HubHandshake_Never_FailsNamingTheHubEndpoint()
    {
        var result = new HubHandshakeCheck().Run(Facts() with { Peers = [Peer("hub1", "hub", null)] });

        Assert.That(result.Message, Does.Contain("hub1").And.Contain("192.0.2.1:51820"));
    }

    [TestCase(1500, false)]
    [TestCase(1499, true)]
    public void UplinkMtu_BelowWgMtuPlus80_Fails(int mtu, bool fails)
    {
        var result = new UplinkMtuCheck().Run(Facts() with { UplinkInterface = "eth0", UplinkMtu = mtu });

        Assert.That(result.Status, Is.EqualTo(fails ? DoctorStatus.Fail : DoctorStatus.Ok));
        if (fails)
        {
            Assert.That(result.Message, Does.Contain($"set mesh.mtu to {mtu - 80}"));
        }
    }

    [Test]
    public void Gossip_NoOtherMemberAlive_Fails_ClientsDoNotCount()
    {
        var facts = Facts() with { Members = [Member("spoke1", "spoke", "self"), Member("hub1", "hub", "dead"), Member("phone", "client", "alive")] };

        Assert.That(new GossipCheck().Run(facts).Status, Is.EqualTo(DoctorStatus.Fail));
        Assert.That(new GossipCheck().Run(facts with { Members = [Member("hub1", "hub", "alive")] }).Status, Is.EqualTo(DoctorStatus.Ok));
    }

    [Test]
    public void PortMapping_NoGatewayAnswered_Fails()
    {
        var status = Status(Now.AddDays(20)) with { PortMapping = new PortMappingStatus("no-gateway", "10.0.0.1", 51820, null, null, null, false, [], "no NAT-PMP, PCP or UPnP IGD answer from the gateway", Now.AddSeconds(30)) };

        var result = new PortMappingCheck().Run(Facts() with { Status = status });

        Assert.That(result.Status, Is.EqualTo(DoctorStatus.Fail));
        Assert.That(result.Message, Does.Contain("no NAT-PMP, PCP or UPnP IGD answer").And.Contain("UDP 51820"));
    }

    [Test]
    public void PortMapping_Mapped_Ok()
    {
        var status = Status(Now.AddDays(20)) with { PortMapping = new PortMappingStatus("mapped", "10.0.0.1", 51820, "natpmp", "198.51.100.7:51820", Now.AddHours(2), false, ["natpmp", "pcp"], null, null) };

        var result = new PortMappingCheck().Run(Facts() with { Status = status });

        Assert.That(result.Status, Is.EqualTo(DoctorStatus.Ok));
        Assert.That(result.Message, Does.Contain("natpmp, 198.51.100.7:51820"));
    }

    [Test]
    public void EveryCheck_DaemonDown_NoneThrows_OnlyDaemonFails()
    {
        var results = DoctorChecks.Run(Facts() with { Status = null, Peers = null, Members = null, DaemonError = "connection refused", WireGuardGo = "/usr/bin/wireguard-go" });

        Assert.That(results.Where(r => r.Status == DoctorStatus.Fail).Select(r => r.Check), Is.EqualTo(new[] { "daemon" }));
        Assert.That(DoctorCommand.Text(results), Does.Contain("FAIL  daemon").And.EndWith("1 problem(s) found\n"));
        Assert.That(DoctorCommand.Json(results), Does.Contain("\"ok\": false"));
    }

    [Test]
    public void ProcNetSockets_Parse_ReadsLittleEndianAddressesAndStates()
    {
        const string udp = """
              sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ref pointer drops
             1: 010A0A0A:0035 00000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 4242 2 0000000000000000 0
             2: 00000000:1EC2 00000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 4243 2 0000000000000000 0
            """;
        const string tcp6 = """
              sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
             0: 00000000000000000000000001000000:0035 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 99 1 0000000000000000 100 0 0 10 0
            """;

        var v4 = ProcNetSockets.Parse(udp, tcp: false);
        var v6 = ProcNetSockets.Parse(tcp6, tcp: true);

        Assert.Multiple(() =>
        {
            Assert.That(v4.Select(s => $"{s.Address}:{s.Port}:{s.Inode}"), Is.EqualTo(new[] { "10.10.10.1:53:4242", "0.0.0.0:7874:4243" }));
            Assert.That(v6.Select(s => $"{s.Address}:{s.Port}"), Is.EqualTo(new[] { "::1:53" }));
        });
    }

    private static DoctorFacts Facts() => new()
    {
        Now = Now,
        ConfigPath = "/etc/meshagent/agent.yaml",
        Config = Spoke,
        Status = Status(Now.AddDays(20)),
        Peers = [Peer("hub1", "hub", Now)],
        Members = [Member("hub1", "hub", "alive")],
    };

    private static NodeStatus Status(DateTimeOffset expires) => new("spoke1", "0.1.0", "test", Now, 10, true, "ready", Now, [])
    {
        Mesh = new MeshSummary("key", "10.10.11.2", "spoke", "admitted", expires, new Dictionary<string, int>(), 0, 1, 0, []),
    };

    private static PeerInfo Peer(string name, string path, DateTimeOffset? handshake) =>
        new(name, "key-" + name, path, null, "192.0.2.1:51820", ["10.10.11.0/24"], handshake, 0, 0);

    private static MemberInfo Member(string name, string role, string state) =>
        new(name, "key-" + name, "10.10.11.9", null, role, [], [], state, 1, Now.AddDays(30));

    private static AgentConfig Config(string yaml)
    {
        var loaded = AgentConfigLoader.Parse(yaml, "test.yaml");
        Assert.That(loaded.IsValid, Is.True, string.Join("\n", loaded.Problems));
        return loaded.Config!;
    }
}
