using System.Net;
using MeshAgent.Core.Configuration;

namespace MeshAgent.Core.Tests.Configuration;

public sealed class InterfaceAddressTests
{
    [TestCase("10.10.10.1/24", "10.10.10.0/24", "10.10.10.255")]
    [TestCase("192.0.2.77/30", "192.0.2.76/30", "192.0.2.79")]
    [TestCase("10.1.2.3/32", "10.1.2.3/32", "10.1.2.3")]
    [TestCase("172.16.5.4/12", "172.16.0.0/12", "172.31.255.255")]
    public void TryParse_Ipv4_GivesNetworkAndBroadcast(string text, string network, string broadcast)
    {
        Assert.That(InterfaceAddress.TryParse(text, out var address), Is.True);
        Assert.That(address!.Network, Is.EqualTo(IPNetwork.Parse(network)));
        Assert.That(address.Broadcast, Is.EqualTo(IPAddress.Parse(broadcast)));
        Assert.That(address.ToString(), Is.EqualTo(text));
    }

    [Test]
    public void TryParse_Ipv6_HasNoBroadcast()
    {
        Assert.That(InterfaceAddress.TryParse("fd00::1/64", out var address), Is.True);
        Assert.That(address!.Network, Is.EqualTo(IPNetwork.Parse("fd00::/64")));
        Assert.That(address.Broadcast, Is.Null);
    }

    [TestCase("10.10.10.1")]
    [TestCase("10.10.10.1/33")]
    [TestCase("10.10/8")]
    [TestCase("x/24")]
    [TestCase("10.10.10.1/")]
    public void TryParse_Invalid_IsFalse(string text) =>
        Assert.That(InterfaceAddress.TryParse(text, out _), Is.False);
}
