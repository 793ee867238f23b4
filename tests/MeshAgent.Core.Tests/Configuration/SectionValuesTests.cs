using System.Net;
using System.Net.NetworkInformation;
using MeshAgent.Core.Configuration;

namespace MeshAgent.Core.Tests.Configuration;

/// <summary>Valid values come out as the right typed values; absent keys take their defaults.</summary>
public sealed class SectionValuesTests
{
    private const string HubKey = "XZlHeaeWw7rIg+EnXkVkP8EMg7U35WT/4v2YXmguytA=";
    private const string AuthorityKey = "43j4+2fo/dAtj/fWBrJZ28P0VkUmEbtPqOEawae83Hc=";
    private static readonly string[] LanPorts = ["enp2s0", "enp4s0"];
    private static readonly string[] SwitchNames = ["switch", "sw"];
    private static readonly string[] JoinAsScalarProblem = ["agent.yaml:1:7: join: expected a mapping of keys, got a single value"];

    [Test]
    public void Parse_MeshWithOnlyRequiredKeys_HasDefaults()
    {
        var mesh = TestConfig.Valid($"mesh:\n  prefix: 10.10.11.0/24\n  hubs: [{{ name: h, public_key: \"{HubKey}\", endpoint: \"192.0.2.1:51820\", address: 10.10.11.1 }}]").Mesh!;

        Assert.That(mesh with { Hubs = [] }, Is.EqualTo(new MeshConfig
        {
            Prefix = IPNetwork.Parse("10.10.11.0/24"),
            PrefixV6 = null,
            Interface = "wg0",
            Address = null,
            ListenPort = 51820,
            Mtu = 1420,
            Role = MeshRole.Spoke,
            Endpoint = null,
            Backend = MeshBackend.Auto,
            UserspaceBinary = "wireguard-go",
            PersistentKeepalive = TimeSpan.FromSeconds(25),
            DirectPathTimeout = TimeSpan.FromSeconds(10),
            Hubs = [],
        }));
    }

    [Test]
    public void Parse_MeshFullySet_GivesTypedValues()
    {
        var mesh = TestConfig.Valid($$"""
            mesh:
              interface: mesh0
              prefix: 10.20.0.0/16
              prefix_v6: "fd00:10::/64"
              address: 10.20.0.1/16
              listen_port: 51000
              mtu: 1280
              role: hub
              endpoint: "[2001:db8::1]:51000"
              backend: userspace
              userspace_binary: /opt/wg/wireguard-go
              persistent_keepalive: off
              direct_path_timeout: 30s
              hubs:
                - { name: hub-2, public_key: "{{HubKey}}", endpoint: "hub2.example.net:51820", address: 10.20.0.2 }
            """).Mesh!;

        Assert.Multiple(() =>
        {
            Assert.That(mesh.Interface, Is.EqualTo("mesh0"));
            Assert.That(mesh.Prefix, Is.EqualTo(IPNetwork.Parse("10.20.0.0/16")));
            Assert.That(mesh.PrefixV6, Is.EqualTo(IPNetwork.Parse("fd00:10::/64")));
            Assert.That(mesh.Address, Is.EqualTo(new InterfaceAddress(IPAddress.Parse("10.20.0.1"), 16)));
            Assert.That(mesh.ListenPort, Is.EqualTo(51000));
            Assert.That(mesh.Mtu, Is.EqualTo(1280));
            Assert.That(mesh.Role, Is.EqualTo(MeshRole.Hub));
            Assert.That(mesh.Endpoint, Is.EqualTo(new IPEndPoint(IPAddress.Parse("2001:db8::1"), 51000)));
            Assert.That(mesh.Backend, Is.EqualTo(MeshBackend.Userspace));
            Assert.That(mesh.UserspaceBinary, Is.EqualTo("/opt/wg/wireguard-go"));
            Assert.That(mesh.PersistentKeepalive, Is.Null);
            Assert.That(mesh.DirectPathTimeout, Is.EqualTo(TimeSpan.FromSeconds(30)));
            Assert.That(mesh.Hubs, Has.Count.EqualTo(1));
            Assert.That(mesh.Hubs[0].Name, Is.EqualTo("hub-2"));
            Assert.That(mesh.Hubs[0].PublicKey, Is.EqualTo(HubKey));
            Assert.That(mesh.Hubs[0].Endpoint, Is.EqualTo(new DnsEndPoint("hub2.example.net", 51820)));
            Assert.That(mesh.Hubs[0].Address, Is.EqualTo(IPAddress.Parse("10.20.0.2")));
        });
    }

    [Test]
    public void Parse_GossipJoinWithoutPort_UsesGossipPort()
    {
        var gossip = TestConfig.Valid("""
            gossip:
              bind: 0.0.0.0
              advertise: 10.10.11.1
              port: 7000
              preset: local
              join: ["203.0.113.10", "hub.example.net", "[2001:db8::1]:7946", "10.0.0.1:8000"]
            """).Gossip!;

        Assert.Multiple(() =>
        {
            Assert.That(gossip.Bind, Is.EqualTo(IPAddress.Any));
            Assert.That(gossip.Advertise, Is.EqualTo(IPAddress.Parse("10.10.11.1")));
            Assert.That(gossip.Port, Is.EqualTo(7000));
            Assert.That(gossip.KeyFile, Is.Null);
            Assert.That(gossip.Preset, Is.EqualTo(GossipPreset.Local));
            Assert.That(gossip.Join, Is.EqualTo(new EndPoint[]
            {
                new IPEndPoint(IPAddress.Parse("203.0.113.10"), 7000),
                new DnsEndPoint("hub.example.net", 7000),
                new IPEndPoint(IPAddress.Parse("2001:db8::1"), 7946),
                new IPEndPoint(IPAddress.Parse("10.0.0.1"), 8000),
            }));
        });
    }

    [Test]
    public void Parse_EmptySections_AreOnWithDefaults()
    {
        var config = TestConfig.Valid("gossip:\nnat: {}\n");

        Assert.Multiple(() =>
        {
            Assert.That(config.Gossip, Is.EqualTo(new GossipConfig()));
            Assert.That(config.Gossip!.Port, Is.EqualTo(7946));
            Assert.That(config.Gossip.Preset, Is.EqualTo(GossipPreset.Lan));
            Assert.That(config.Nat, Is.EqualTo(new NatConfig { PortMapping = PortMapping.Auto, Gateway = null }));
        });
    }

    [Test]
    public void Parse_VrbAndDnsDhcp_GiveTypedValues()
    {
        var config = TestConfig.Valid("""
            vrb:
              lan: { bridge: br0, address: 10.10.10.1/24, stp: true, ports: [enp2s0, enp4s0] }
              ext: { bridge: br-ext, addressing: auto, ports: [enp3s0] }
              connectivity_target: 192.0.2.254
            dns_dhcp:
              interfaces: [br0]
              domain: home.arpa
              dhcp:
                ranges: ["10.10.10.100-10.10.10.199", "10.10.10.210 - 10.10.10.220"]
                reservations:
                  - { mac: "AA-BB-CC-DD-EE-0F", address: 10.10.10.10 }
              hosts:
                - { address: 10.10.10.2, names: [switch, sw] }
              upstream: []
            """);
        var vrb = config.Vrb!;
        var dns = config.DnsDhcp!;

        Assert.Multiple(() =>
        {
            Assert.That(vrb.Lan!.Address, Is.EqualTo(new InterfaceAddress(IPAddress.Parse("10.10.10.1"), 24)));
            Assert.That(vrb.Lan.Addressing, Is.EqualTo(BridgeAddressing.Manual), "an address implies manual");
            Assert.That(vrb.Lan.Stp, Is.True);
            Assert.That(vrb.Lan.Ports, Is.EqualTo(LanPorts));
            Assert.That(vrb.Ext!.Addressing, Is.EqualTo(BridgeAddressing.Auto));
            Assert.That(vrb.Ext.Address, Is.Null);
            Assert.That(vrb.RollbackTimeout, Is.EqualTo(TimeSpan.FromSeconds(60)));
            Assert.That(vrb.ConnectivityTarget, Is.EqualTo(new ConnectivityTarget(ConnectivityTargetKind.Address, IPAddress.Parse("192.0.2.254"))));
            Assert.That(dns.Domain, Is.EqualTo("home.arpa"));
            Assert.That(dns.MeshDomain, Is.EqualTo("mesh"));
            Assert.That(dns.NoDhcpInterfaces, Is.Empty);
            Assert.That(dns.Dhcp!.Ranges, Is.EqualTo(new[]
            {
                new DhcpRange(IPAddress.Parse("10.10.10.100"), IPAddress.Parse("10.10.10.199")),
                new DhcpRange(IPAddress.Parse("10.10.10.210"), IPAddress.Parse("10.10.10.220")),
            }));
            Assert.That(dns.Dhcp.LeaseTime, Is.EqualTo(TimeSpan.FromHours(12)));
            Assert.That(dns.Dhcp.Reservations[0].Mac, Is.EqualTo(PhysicalAddress.Parse("AA-BB-CC-DD-EE-0F")));
            Assert.That(dns.Dhcp.Reservations[0].Name, Is.Null);
            Assert.That(dns.Hosts[0].Names, Is.EqualTo(SwitchNames));
            Assert.That(dns.Upstream, Is.Empty, "[] means no upstream");
            Assert.That(dns.DnsmasqBinary, Is.EqualTo("/usr/sbin/dnsmasq"));
        });
    }

    [TestCase("gateway", ConnectivityTargetKind.Gateway)]
    [TestCase("none", ConnectivityTargetKind.None)]
    [TestCase("nm", ConnectivityTargetKind.NetworkManager)]
    [TestCase("\"2001:db8::1\"", ConnectivityTargetKind.Address)]
    public void Parse_ConnectivityTarget_ReadsEachForm(string text, ConnectivityTargetKind kind)
    {
        var vrb = TestConfig.Valid($"vrb:\n  lan: {{ bridge: br0 }}\n  connectivity_target: {text}").Vrb!;

        Assert.That(vrb.ConnectivityTarget.Kind, Is.EqualTo(kind));
        Assert.That(vrb.ConnectivityTarget.ToString(), Is.EqualTo(text.Trim('"')));
    }

    [Test]
    public void Parse_UpstreamAbsent_MeansTheHostsResolvers() =>
        Assert.That(TestConfig.Valid("dns_dhcp: { interfaces: [br0] }").DnsDhcp!.Upstream, Is.Null);

    [Test]
    public void Parse_RangeOutsideAnyManagedBridge_IsAcceptedWhenNoServedBridgeIsKnown()
    {
        // Without a VRB bridge in dns_dhcp.interfaces the subnet is not known here, so nothing can be checked.
        var dns = TestConfig.Valid("dns_dhcp:\n  interfaces: [eth1]\n  dhcp: { ranges: [\"192.168.5.10-192.168.5.20\"] }").DnsDhcp!;

        Assert.That(dns.Dhcp!.Ranges, Has.Count.EqualTo(1));
    }

    [Test]
    public void Parse_AnchorsAndAliases_AreResolved()
    {
        var config = TestConfig.Valid($$"""
            mesh:
              prefix: 10.10.11.0/24
              hubs:
                - name: hub-1
                  public_key: &key "{{HubKey}}"
                  endpoint: &ep "192.0.2.1:51820"
                  address: 10.10.11.1
            authority: { public_key: *key }
            gossip: { join: [*ep] }
            """);

        Assert.That(config.Authority!.PublicKey, Is.EqualTo(HubKey));
        Assert.That(config.Gossip!.Join, Is.EqualTo(new EndPoint[] { new IPEndPoint(IPAddress.Parse("192.0.2.1"), 51820) }));
    }

    [Test]
    public void JoinConfig_ToString_NeverShowsTheToken()
    {
        var join = new JoinConfig { Token = "mtk1.super-secret" };

        Assert.That(join.ToString(), Does.Not.Contain("super-secret"));
        Assert.That(join.ToString(), Does.Contain("redacted"));
        Assert.That(new AgentConfig { Join = join }.ToString(), Does.Not.Contain("super-secret"));
    }

    [Test]
    public void Parse_TokenWrittenAsTheJoinSection_IsNotEchoed()
    {
        var problems = TestConfig.Problems("join: mtk1.super-secret");

        Assert.That(problems, Is.EqualTo(JoinAsScalarProblem));
    }

    [Test]
    public void Parse_BadKeys_ProblemsNeverEchoTheKeyText()
    {
        const string secretish = "c2VjcmV0LXByaXZhdGUta2V5LW1hdGVyaWFs";

        var problems = TestConfig.Problems($"authority: {{ public_key: \"{secretish}\" }}");

        Assert.That(problems, Has.Length.EqualTo(1));
        Assert.That(problems[0], Does.Not.Contain(secretish));
    }

    [Test]
    public void HttpConfig_Defaults_AreTheDocumentedOnes()
    {
        var http = new HttpConfig();

        Assert.That(http.Listen, Is.EqualTo("127.0.0.1:9473"));
        Assert.That(http.ApiSocket, Is.EqualTo("/run/meshagent/meshagent.sock"));
        Assert.That(AgentConfigLoader.DefaultPath, Is.EqualTo("/etc/meshagent/agent.yaml"));
        Assert.That(ExitCodes.Config, Is.EqualTo(78));
    }
}
