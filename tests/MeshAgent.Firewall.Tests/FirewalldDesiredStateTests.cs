using MeshAgent.Firewall.Firewalld;
using MeshAgent.Firewall.Rules;
using NUnit.Framework;

namespace MeshAgent.Firewall.Tests;

public sealed class FirewalldDesiredStateTests
{
    [Test]
    public void From_Hub_InterfacesTrustedPortsInDefaultZoneMasqueradeInWanZone()
    {
        var zones = new Dictionary<string, string> { ["wan0"] = "external" };
        var state = FirewalldDesiredState.From(SampleSpecs.Hub, new FirewalldOptions(), "public", name => zones.GetValueOrDefault(name, string.Empty));
        Assert.That(state.Settings.Select(s => s.ToString()), Is.EqualTo(new[]
        {
            "interface wg0 in zone trusted",
            "interface br0 in zone trusted",
            "port 51820/udp in zone public",
            "port 22/tcp in zone public",
            "masquerade in zone external",
        }));
        Assert.That(state.Notices, Has.Count.EqualTo(2), "MSS clamp and drop_other_input are left to the admin");
    }

    [Test]
    public void From_InterfaceBoundElsewhere_LeftThereWithNotice()
    {
        var state = FirewalldDesiredState.From(SampleSpecs.Spoke, new FirewalldOptions { Zone = "mesh" }, "public", _ => "home");
        Assert.Multiple(() =>
        {
            Assert.That(state.Settings.Select(s => s.ToString()), Is.EqualTo(new[] { "port 51820/udp in zone public" }));
            Assert.That(state.Notices[0], Does.StartWith("interface wg0 is in firewalld zone home"));
        });
    }

    [Test]
    public void From_NoMasqueradeSources_NoMasquerade()
    {
        var spec = new FirewallSpec { MasqueradeInterfaces = ["eth0"] };
        Assert.That(FirewalldDesiredState.From(spec, new FirewalldOptions(), "public", _ => string.Empty).Settings, Is.Empty);
    }

    [TestCase("ALREADY_ENABLED: '51820:udp' already in 'public'", "ALREADY_ENABLED")]
    [TestCase("ZONE_ALREADY_SET: 'wg0' already bound to 'trusted'", "ZONE_ALREADY_SET")]
    [TestCase("INVALID_ZONE", "INVALID_ZONE")]
    public void CodeOf_FirewalldMessage_IsTheCode(string message, string code) => Assert.That(FirewalldErrors.CodeOf(message), Is.EqualTo(code));

    [Test]
    public void Meaning_OfCodes_AlreadyPresentAndAbsentAreSuccess()
    {
        Assert.Multiple(() =>
        {
            Assert.That(FirewalldErrors.MeansAlreadyPresent("ALREADY_ENABLED"), Is.True);
            Assert.That(FirewalldErrors.MeansAlreadyPresent("ZONE_ALREADY_SET"), Is.True);
            Assert.That(FirewalldErrors.MeansAlreadyPresent("ZONE_CONFLICT"), Is.False);
            Assert.That(FirewalldErrors.MeansAlreadyAbsent("NOT_ENABLED"), Is.True);
            Assert.That(FirewalldErrors.MeansAlreadyAbsent("UNKNOWN_INTERFACE"), Is.True);
            Assert.That(FirewalldErrors.MeansAlreadyAbsent("INVALID_ZONE"), Is.False);
        });
    }
}
