using System.Net;
using MeshAgent.Nat.Pcp;

namespace MeshAgent.Nat.Tests;

[TestFixture]
public sealed class PcpPortMapperTests
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(30);

    [Test]
    public async Task MapUdpAsync_RenewAndUnmap_SameNonceEveryTime()
    {
        await using var gateway = new FakePcpGateway(wrongNonceFirst: false);
        await using var mapper = new PcpPortMapper(IPAddress.Loopback, TimeProvider.System, gateway.Port);
        using var cts = new CancellationTokenSource(Generous);

        var first = await mapper.MapUdpAsync(51820, TimeSpan.FromHours(2), cts.Token);
        await mapper.MapUdpAsync(51820, TimeSpan.FromHours(2), cts.Token);
        await mapper.UnmapAsync(cts.Token);

        var nonce = Convert.ToHexString(mapper.Nonce.Span);
        lock (gateway.MapRequests)
        {
            Assert.That(gateway.MapRequests, Is.EqualTo(new[] { (nonce, 7200u), (nonce, 7200u), (nonce, 0u) }));
        }

        Assert.That(first.External, Is.EqualTo(new IPEndPoint(IPAddress.Parse("203.0.113.9"), 40000)));
    }

    [Test]
    public async Task MapUdpAsync_WrongNonceReplyFirst_CountedAndDropped()
    {
        await using var gateway = new FakePcpGateway(wrongNonceFirst: true);
        await using var mapper = new PcpPortMapper(IPAddress.Loopback, TimeProvider.System, gateway.Port);
        using var cts = new CancellationTokenSource(Generous);

        var mapping = await mapper.MapUdpAsync(51820, TimeSpan.FromHours(2), cts.Token);

        Assert.Multiple(() =>
        {
            Assert.That(mapper.DroppedReplies, Is.EqualTo(1));
            Assert.That(mapping.Epoch, Is.EqualTo(99u));
        });
    }

    [Test]
    public async Task ProbeAsync_Announce_True()
    {
        await using var gateway = new FakePcpGateway(wrongNonceFirst: false);
        await using var mapper = new PcpPortMapper(IPAddress.Loopback, TimeProvider.System, gateway.Port);

        Assert.That(await mapper.ProbeAsync(Generous, CancellationToken.None), Is.True);
    }

    [Test]
    public async Task ProbeAsync_NoServer_False()
    {
        using var closed = new System.Net.Sockets.UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        var port = ((IPEndPoint)closed.Client.LocalEndPoint!).Port;
        closed.Dispose();
        await using var mapper = new PcpPortMapper(IPAddress.Loopback, TimeProvider.System, port);

        Assert.That(await mapper.ProbeAsync(TimeSpan.FromMilliseconds(250), CancellationToken.None), Is.False);
    }
}
