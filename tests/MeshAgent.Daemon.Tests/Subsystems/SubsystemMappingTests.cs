using System.Net;
using MeshAgent.Core.Configuration;
using MeshAgent.Daemon.Subsystems;
using MeshAgent.NetworkManager.Vrb;

namespace MeshAgent.Daemon.Tests.Subsystems;

public sealed class SubsystemMappingTests
{
    private const string Yaml = """
        node:
          name: hub-1
          runtime_dir: /run/meshagent
        mesh:
          prefix: 10.10.11.0/24
          address: 10.10.11.1/24
          role: hub
          endpoint: "203.0.113.10:51820"
        vrb:
          lan: { bridge: br0, address: 10.10.10.1/24, stp: false, ports: [enp2s0] }
          ext: { bridge: br-ext, ports: [enp3s0], addressing: none }
          rollback_timeout: 30s
          connectivity_target: 192.0.2.254
        dns_dhcp:
          interfaces: [br0, wg0]
          no_dhcp_interfaces: [wg0]
          dhcp:
            ranges: ["10.10.10.100-10.10.10.200"]
            lease_time: 1h
            reservations: [ { mac: "AA:BB:CC:DD:EE:FF", address: 10.10.10.10, name: fileserv } ]
          hosts: [ { address: 10.10.10.2, names: [switch] } ]
        """;

    [Test]
    public void DnsmasqMap_SeedBundleConfig_BridgeIsRouterAndDnsAndRangesCarryLeaseTime()
    {
        var config = Load(Yaml);

        var options = DnsmasqOptionsMapping.Map(config, desired: null, () => [IPAddress.Parse("192.0.2.53")]);

        Assert.Multiple(() =>
        {
            Assert.That(options.Interfaces, Is.EqualTo(new[] { "br0", "wg0" }));
            Assert.That(options.NoDhcpInterfaces, Is.EqualTo(new[] { "wg0" }));
            Assert.That(options.Router, Is.EqualTo(IPAddress.Parse("10.10.10.1")));
            Assert.That(options.DnsServers, Is.EqualTo(new[] { IPAddress.Parse("10.10.10.1") }));
            Assert.That(options.DhcpRanges.Single().LeaseTime, Is.EqualTo(TimeSpan.FromHours(1)));
            Assert.That(options.Reservations.Single().Mac, Is.EqualTo("aa:bb:cc:dd:ee:ff"));
            Assert.That(options.StaticHosts.Single().Names, Is.EqualTo(new[] { "switch" }));
            Assert.That(options.UpstreamServers, Is.EqualTo(new[] { IPAddress.Parse("192.0.2.53") }), "absent upstream: the host's resolvers");
            Assert.That(options.RuntimeDirectory, Is.EqualTo("/run/meshagent/dnsmasq"));
        });
    }

    [Test]
    public void DnsmasqMap_EmptyUpstream_MeansNone()
    {
        var config = Load(Yaml.Replace("  hosts:", "  upstream: []\n  hosts:", StringComparison.Ordinal));

        var options = DnsmasqOptionsMapping.Map(config, desired: null, () => [IPAddress.Parse("192.0.2.53")]);

        Assert.That(options.UpstreamServers, Is.Empty);
    }

    [Test]
    public void ReadHostResolvers_LoopbackOtherThanResolvedStub_Skipped()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, "# comment\nnameserver 127.0.0.1\nnameserver 127.0.0.53\nnameserver 192.0.2.1\nsearch lan\nnameserver ::1\n");

            var resolvers = DnsmasqOptionsMapping.ReadHostResolvers(path);

            Assert.That(resolvers.Select(r => r.ToString()), Is.EqualTo(new[] { "127.0.0.53", "192.0.2.1" }));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Test]
    public void VrbMap_SeedBundleConfig_BridgesTargetAndUnmanagedWg0()
    {
        var spec = VrbSpecMapping.Map(Load(Yaml));

        Assert.Multiple(() =>
        {
            Assert.That(spec.Lan!.Bridge, Is.EqualTo("br0"));
            Assert.That(spec.Lan.Address.ToString(), Is.EqualTo("10.10.10.1/24"));
            Assert.That(spec.Lan.Ports, Is.EqualTo(new[] { "enp2s0" }));
            Assert.That(spec.Ext!.Addressing, Is.EqualTo(ExtAddressing.None));
            Assert.That(spec.RollbackTimeout, Is.EqualTo(TimeSpan.FromSeconds(30)));
            Assert.That(spec.Connectivity, Is.EqualTo(MeshAgent.NetworkManager.Vrb.ConnectivityTarget.Of(IPAddress.Parse("192.0.2.254"))));
            Assert.That(spec.UnmanagedInterfaces, Is.EqualTo(new[] { "wg0" }));
        });
    }

    private static AgentConfig Load(string yaml)
    {
        var result = AgentConfigLoader.Parse(yaml, "test.yaml");
        Assert.That(result.IsValid, Is.True, string.Join("\n", result.Problems));
        return result.Config!;
    }
}
