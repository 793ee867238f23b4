using System.Net;
using MeshAgent.Nat.NatPmp;
using MeshAgent.Nat.Pcp;

namespace MeshAgent.Nat.Tests;

[TestFixture]
public sealed class GatewayProbeTests
{
    [Test]
    public async Task ProbeAsync_PcpAndNatPmpAnswer_NatPmpPreferred()
    {
        await using var natPmpGateway = new FakeNatPmpGateway(epoch: 1, junkFirst: false);
        await using var pcpGateway = new FakePcpGateway(wrongNonceFirst: false);
        await using var pcp = new PcpPortMapper(IPAddress.Loopback, TimeProvider.System, pcpGateway.Port);
        await using var natPmp = new NatPmpPortMapper(IPAddress.Loopback, TimeProvider.System, natPmpGateway.Port);

        var result = await GatewayProbe.ProbeAsync([pcp, natPmp], TimeSpan.FromSeconds(30), CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(result.Preferred, Is.SameAs(natPmp));
            Assert.That(result.Answered, Is.EqualTo(new[] { PortMappingProtocol.NatPmp, PortMappingProtocol.Pcp }));
        });
    }

    [Test]
    public async Task ProbeAsync_NothingAnswers_NoPreferred()
    {
        using var silent = new System.Net.Sockets.UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        var port = ((IPEndPoint)silent.Client.LocalEndPoint!).Port;
        await using var natPmp = new NatPmpPortMapper(IPAddress.Loopback, TimeProvider.System, port);
        await using var pcp = new PcpPortMapper(IPAddress.Loopback, TimeProvider.System, port);

        var result = await GatewayProbe.ProbeAsync([natPmp, pcp], TimeSpan.FromMilliseconds(250), CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(result.Preferred, Is.Null);
            Assert.That(result.Answered, Is.Empty);
        });
    }
}
