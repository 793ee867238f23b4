using System.Net;
using MeshAgent.Core.Configuration;
using MeshAgent.Firewall.Rules;
using NUnit.Framework;

namespace MeshAgent.Firewall.Tests;

public sealed class FirewallSpecMappingTests
{
    private static readonly MeshConfig Mesh = new() { Prefix = IPNetwork.Parse("10.10.11.0/24"), Role = MeshRole.Hub };

    [Test]
    public void Map_HubWithLan_TrustsForwardsAndMasqueradesBothPrefixes()
    {
        var config = new AgentConfig
        {
            Mesh = Mesh,
            Vrb = new VrbConfig { Lan = new BridgeConfig { Bridge = "br0", Address = new InterfaceAddress(IPAddress.Parse("10.10.10.1"), 24) } },
            Firewall = new FirewallConfig { Masquerade = ["eth0"] },
        };
        var spec = FirewallSpecMapping.Map(config);
        Assert.Multiple(() =>
        {
            Assert.That(spec.UdpPorts, Is.EqualTo(new[] { 51820 }));
            Assert.That(spec.TcpPorts, Is.EqualTo(new[] { 22, 51820 }), "SSH and the hub's join listener");
            Assert.That(spec.TrustedInterfaces, Is.EqualTo(new[] { "wg0", "br0" }));
            Assert.That(spec.ForwardInterfaces, Is.EqualTo(new[] { "wg0", "br0" }));
            Assert.That(spec.MasqueradeSources, Is.EqualTo(new[] { "10.10.10.0/24", "10.10.11.0/24" }));
            Assert.That(spec.MssClampInterface, Is.EqualTo("wg0"));
            Assert.That(spec.DropOtherInput, Is.False);
        });
    }

    [Test]
    public void Map_SpokeWithoutLan_DoesNotForward()
    {
        var spec = FirewallSpecMapping.Map(new AgentConfig { Mesh = Mesh with { Role = MeshRole.Spoke }, Firewall = new FirewallConfig { TrustedInterfaces = [] } });
        Assert.That(spec.ForwardInterfaces, Is.Empty);
        Assert.That(spec.TrustedInterfaces, Is.Empty);
        Assert.That(spec.TcpPorts, Is.EqualTo(new[] { 22 }), "a spoke has no join listener");
    }
}
