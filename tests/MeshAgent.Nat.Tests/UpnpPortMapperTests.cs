using System.Net;
using MeshAgent.Nat.Upnp;

namespace MeshAgent.Nat.Tests;

[TestFixture]
public sealed class UpnpPortMapperTests
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(30);

    [Test]
    public async Task ProbeAsync_Igd2WithBothIpServices_PrefersWanIpConnection2()
    {
        await using var igd = new FakeIgd("igd2-wanip2.xml");
        await using var mapper = Create(igd);

        var found = await mapper.ProbeAsync(Generous, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(found, Is.True);
            Assert.That(mapper.Service!.ServiceType, Is.EqualTo("urn:schemas-upnp-org:service:WANIPConnection:2"));
            Assert.That(mapper.Service.ControlUrl, Is.EqualTo(new Uri($"{igd.BaseUrl}/upnp/control/WANIPConn2")));
            Assert.That(mapper.ExternalAddress, Is.EqualTo(IPAddress.Parse("198.51.100.20")));
        });
    }

    [Test]
    public async Task ProbeAsync_IpServiceDisconnected_PrefersConnectedPppService()
    {
        await using var igd = new FakeIgd("dsl-ppp-and-ip.xml");
        igd.Status["/igdupnp/control/WANIPConn1"] = "Disconnected";
        igd.External["/igdupnp/control/WANIPConn1"] = "0.0.0.0";
        await using var mapper = Create(igd);

        Assert.That(await mapper.ProbeAsync(Generous, CancellationToken.None), Is.True);
        Assert.That(mapper.Service!.ServiceType, Is.EqualTo("urn:schemas-upnp-org:service:WANPPPConnection:1"));
    }

    [Test]
    public async Task ProbeAsync_AnswersOnlyMulticast_Found()
    {
        await using var igd = new FakeIgd("igd1-wanip1.xml", answerUnicast: false);
        await using var mapper = Create(igd);

        Assert.That(await mapper.ProbeAsync(Generous, CancellationToken.None), Is.True);
    }

    [Test]
    public async Task ProbeAsync_AnswersOnlyUnicast_Found()
    {
        await using var igd = new FakeIgd("igd1-wanip1.xml", answerMulticast: false);
        await using var mapper = Create(igd);

        Assert.That(await mapper.ProbeAsync(Generous, CancellationToken.None), Is.True);
    }

    [TestCase("no-wan-service.xml", TestName = "ProbeAsync_NoWanService_FalseWithoutSoap")]
    [TestCase("foreign-control-url.xml", TestName = "ProbeAsync_ControlUrlsOnOtherHosts_FalseWithoutSoap")]
    public async Task ProbeAsync_NoUsableService_FalseWithoutSoap(string fixture)
    {
        await using var igd = new FakeIgd(fixture);
        await using var mapper = Create(igd);

        var found = await mapper.ProbeAsync(Generous, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(found, Is.False);
            Assert.That(igd.RequestsOf("GetStatusInfo"), Is.Empty);
        });
        Assert.ThrowsAsync<PortMappingException>(() => mapper.MapUdpAsync(51820, TimeSpan.FromHours(2), CancellationToken.None));
    }

    [Test]
    public async Task ProbeAsync_EntityExpansionDescription_CountedAsDocumentTypeAndFalse()
    {
        await using var igd = new FakeIgd("entity-expansion.xml");
        await using var mapper = Create(igd);

        var found = await mapper.ProbeAsync(Generous, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(found, Is.False);
            Assert.That(mapper.Dropped(MalformedReplyKind.DocumentType), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task ProbeAsync_SilentGateway_FalseAfterOneSearch()
    {
        using var silent = new System.Net.Sockets.UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        var port = ((IPEndPoint)silent.Client.LocalEndPoint!).Port;
        await using var mapper = new UpnpPortMapper(IPAddress.Loopback, TimeProvider.System, port, null, null);

        var found = await mapper.ProbeAsync(TimeSpan.FromMilliseconds(250), CancellationToken.None);
        var received = silent.Available;

        Assert.Multiple(() =>
        {
            Assert.That(found, Is.False);
            Assert.That(received, Is.EqualTo(SsdpCodec.EncodeSearch().Length), "one M-SEARCH, no retransmission");
        });
    }

    [Test]
    public async Task MapUdpAsync_RenewAndUnmap_UdpRealInternalPortAndDeleted()
    {
        await using var igd = new FakeIgd("igd1-wanip1.xml");
        await using var mapper = Create(igd);
        using var cts = new CancellationTokenSource(Generous);

        var mapping = await mapper.MapUdpAsync(51820, TimeSpan.FromHours(2), cts.Token);
        var renewed = await mapper.MapUdpAsync(51820, TimeSpan.FromHours(2), cts.Token);

        var adds = igd.RequestsOf("AddPortMapping");
        Assert.Multiple(() =>
        {
            Assert.That(mapping.External, Is.EqualTo(new IPEndPoint(IPAddress.Parse("198.51.100.20"), 51820)));
            Assert.That(renewed.External, Is.EqualTo(mapping.External));
            Assert.That(mapping.Permanent, Is.False);
            Assert.That(adds.Select(a => (a.Arguments["NewProtocol"], a.Arguments["NewInternalPort"], a.Arguments["NewLeaseDuration"], a.Arguments["NewInternalClient"])),
                Is.EqualTo(new[] { ("UDP", "51820", "7200", "127.0.0.1"), ("UDP", "51820", "7200", "127.0.0.1") }));
            Assert.That(adds.Select(a => a.Path), Is.All.EqualTo("/ctl/IPConn"));
        });

        await mapper.UnmapAsync(cts.Token);
        lock (igd.Mappings)
        {
            Assert.That(igd.Mappings, Is.Empty);
        }
    }

    [TestCase(UpnpFault.OnlyPermanentLeasesSupported, TestName = "MapUdpAsync_Fault725_PermanentLeaseDeletedOnUnmap")]
    [TestCase(UpnpFault.InvalidArgs, TestName = "MapUdpAsync_Fault402_PermanentLeaseDeletedOnUnmap")]
    public async Task MapUdpAsync_TimedLeaseRefused_PermanentLeaseDeletedOnUnmap(int fault)
    {
        await using var igd = new FakeIgd("igd1-wanip1.xml") { TimedLeaseFault = fault };
        await using var mapper = Create(igd);
        using var cts = new CancellationTokenSource(Generous);

        var mapping = await mapper.MapUdpAsync(51820, TimeSpan.FromHours(2), cts.Token);
        await mapper.MapUdpAsync(51820, TimeSpan.FromHours(2), cts.Token);

        Assert.Multiple(() =>
        {
            Assert.That(mapping.Permanent, Is.True);
            Assert.That(mapping.Lifetime, Is.EqualTo(TimeSpan.FromHours(2)), "how often a permanent lease is re-added");
            Assert.That(igd.RequestsOf("AddPortMapping").Select(a => a.Arguments["NewLeaseDuration"]), Is.EqualTo(new[] { "7200", "0", "0" }));
        });
        lock (igd.Mappings)
        {
            Assert.That(igd.Mappings[51820].Lease, Is.Zero);
        }

        await mapper.UnmapAsync(cts.Token);
        lock (igd.Mappings)
        {
            Assert.That(igd.Mappings, Is.Empty);
        }
    }

    [TestCase("0.0.0.0", TestName = "MapUdpAsync_ExternalUnspecified_Refused")]
    [TestCase("127.0.0.1", TestName = "MapUdpAsync_ExternalLoopback_Refused")]
    [TestCase("169.254.3.4", TestName = "MapUdpAsync_ExternalLinkLocal_Refused")]
    [TestCase("not-an-address", TestName = "MapUdpAsync_ExternalGarbage_Refused")]
    public async Task MapUdpAsync_UnusableExternalAddress_Refused(string external)
    {
        await using var igd = new FakeIgd("igd1-wanip1.xml");
        igd.External["/ctl/IPConn"] = external;
        await using var mapper = Create(igd);

        var e = Assert.ThrowsAsync<PortMappingException>(() => mapper.MapUdpAsync(51820, TimeSpan.FromHours(2), CancellationToken.None));

        Assert.That(e!.Operation, Is.EqualTo("external address"));
    }

    [Test]
    public async Task MapUdpAsync_OversizedSoapAnswer_CountedAndTypedError()
    {
        await using var igd = new FakeIgd("igd1-wanip1.xml");
        await using var mapper = Create(igd);
        Assert.That(await mapper.ProbeAsync(Generous, CancellationToken.None), Is.True);
        igd.OversizedAnswerBytes = 1024 * 1024;

        var e = Assert.ThrowsAsync<PortMappingException>(() => mapper.MapUdpAsync(51820, TimeSpan.FromHours(2), CancellationToken.None));

        Assert.Multiple(() =>
        {
            Assert.That(e!.InnerException, Is.TypeOf<MalformedReplyException>());
            Assert.That(mapper.Dropped(MalformedReplyKind.Oversized), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task GatewayProbe_OnlyUpnpAnswers_UpnpPreferred()
    {
        await using var igd = new FakeIgd("igd1-wanip1.xml");
        await using var upnp = Create(igd);
        using var silent = new System.Net.Sockets.UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        await using var natPmp = new NatPmp.NatPmpPortMapper(IPAddress.Loopback, TimeProvider.System, ((IPEndPoint)silent.Client.LocalEndPoint!).Port);

        var result = await GatewayProbe.ProbeAsync([natPmp, upnp], GatewayProbe.DefaultTimeout, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(result.Preferred, Is.SameAs(upnp));
            Assert.That(result.Answered, Is.EqualTo(new[] { PortMappingProtocol.Upnp }));
        });
    }

    private static UpnpPortMapper Create(FakeIgd igd) =>
        new(IPAddress.Loopback, TimeProvider.System, igd.SsdpPort, igd.MulticastEndPoint, null);
}
