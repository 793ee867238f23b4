using System.Net;
using MeshAgent.Core.Authority;

namespace MeshAgent.Core.Tests.Authority;

public sealed class MeshAddressAllocatorTests
{
    [Test]
    public void Allocate_EmptyPrefix_FirstHostAddress() =>
        Assert.That(MeshAddressAllocator.Allocate(IPNetwork.Parse("10.10.11.0/24"), []), Is.EqualTo(IPAddress.Parse("10.10.11.1")));

    [Test]
    public void Allocate_GapsInTaken_LowestFree()
    {
        var taken = new[] { "10.10.11.1", "10.10.11.2", "10.10.11.4", "192.0.2.3" }.Select(IPAddress.Parse).ToList();

        Assert.That(MeshAddressAllocator.Allocate(IPNetwork.Parse("10.10.11.0/24"), taken), Is.EqualTo(IPAddress.Parse("10.10.11.3")));
    }

    [Test]
    public void Allocate_FullPrefix_ThrowsAndNeverHandsOutBroadcast()
    {
        var prefix = IPNetwork.Parse("10.10.11.0/30");
        var first = MeshAddressAllocator.Allocate(prefix, []);
        var second = MeshAddressAllocator.Allocate(prefix, [first]);

        Assert.Multiple(() =>
        {
            Assert.That(second, Is.EqualTo(IPAddress.Parse("10.10.11.2")));
            Assert.That(() => MeshAddressAllocator.Allocate(prefix, [first, second]), Throws.InvalidOperationException);
        });
    }

    [Test]
    public void Allocate_ManyNodes_NeverCollides()
    {
        var prefix = IPNetwork.Parse("10.10.0.0/16");
        var taken = new List<IPAddress>();
        for (var i = 0; i < 500; i++)
        {
            taken.Add(MeshAddressAllocator.Allocate(prefix, taken));
        }

        Assert.That(taken, Is.Unique);
        Assert.That(taken.All(prefix.Contains), Is.True);
    }

    [Test]
    public void Allocate_IPv6_SkipsOnlyNetworkAddress() =>
        Assert.That(MeshAddressAllocator.Allocate(IPNetwork.Parse("fd00::/64"), [IPAddress.Parse("fd00::1")]), Is.EqualTo(IPAddress.Parse("fd00::2")));
}
