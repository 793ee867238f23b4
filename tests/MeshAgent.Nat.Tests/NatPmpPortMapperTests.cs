using System.Net;
using MeshAgent.Nat.NatPmp;

namespace MeshAgent.Nat.Tests;

[TestFixture]
public sealed class NatPmpPortMapperTests
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(30);

    [Test]
    public async Task MapUdpAsync_FakeGateway_MappedAndDeletedOnUnmap()
    {
        await using var gateway = new FakeNatPmpGateway(epoch: 42, junkFirst: false);
        await using var mapper = new NatPmpPortMapper(IPAddress.Loopback, TimeProvider.System, gateway.Port);
        using var cts = new CancellationTokenSource(Generous);

        var mapping = await mapper.MapUdpAsync(51820, TimeSpan.FromHours(2), cts.Token);

        Assert.Multiple(() =>
        {
            Assert.That(mapping.External, Is.EqualTo(new IPEndPoint(IPAddress.Parse("203.0.113.7"), 52820)));
            Assert.That(mapping.Lifetime, Is.EqualTo(TimeSpan.FromHours(1)));
            Assert.That(mapping.RenewAt, Is.EqualTo(mapping.GrantedAt + TimeSpan.FromMinutes(30)));
            Assert.That(mapping.Epoch, Is.EqualTo(42u));
        });
        lock (gateway.Mappings)
        {
            Assert.That(gateway.Mappings, Does.ContainKey((ushort)51820));
        }

        await mapper.UnmapAsync(cts.Token);
        lock (gateway.Mappings)
        {
            Assert.That(gateway.Mappings, Is.Empty);
        }
    }

    [Test]
    public async Task ProbeAsync_JunkBeforeReply_JunkCountedAndDropped()
    {
        await using var gateway = new FakeNatPmpGateway(epoch: 7, junkFirst: true);
        await using var mapper = new NatPmpPortMapper(IPAddress.Loopback, TimeProvider.System, gateway.Port);
        using var cts = new CancellationTokenSource(Generous);

        var found = await mapper.ProbeAsync(Generous, cts.Token);

        Assert.Multiple(() =>
        {
            Assert.That(found, Is.True);
            Assert.That(mapper.DroppedReplies, Is.EqualTo(2));
            Assert.That(mapper.ExternalAddress, Is.EqualTo(IPAddress.Parse("203.0.113.7")));
        });
    }

    [Test]
    public async Task ProbeAsync_SilentGateway_FalseAfterOneProbe()
    {
        using var silent = new System.Net.Sockets.UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        var port = ((IPEndPoint)silent.Client.LocalEndPoint!).Port;
        await using var mapper = new NatPmpPortMapper(IPAddress.Loopback, TimeProvider.System, port);

        var found = await mapper.ProbeAsync(TimeSpan.FromMilliseconds(250), CancellationToken.None);
        var received = silent.Available;

        Assert.Multiple(() =>
        {
            Assert.That(found, Is.False);
            Assert.That(received, Is.EqualTo(2), "one 2-byte probe, no retransmission");
        });
    }
}
