using System.Diagnostics;
using System.Net;
using MeshAgent.Lab;
using MeshAgent.Nat.NatPmp;
using MeshAgent.Nat.Pcp;
using MeshAgent.Nat.Upnp;

namespace MeshAgent.Nat.Tests.Lab;

/// <summary>Our NAT-PMP and PCP clients against the real miniupnpd 2.3.1 as the gateway.</summary>
[TestFixture]
[NonParallelizable]
public sealed class MiniupnpdLabTests : LabTest
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(60);

    [Test]
    public async Task NatPmp_MapRenewUnmap_RouterRulesFollow()
    {
        RequireTools("miniupnpd", "nft");
        var router = await MiniupnpdRouter.CreateAsync(Lab);
        await using var mapper = new NatPmpPortMapper(IPAddress.Parse(MiniupnpdRouter.LanGateway), TimeProvider.System, NatPmpCodec.ServerPort, NamespaceSocket.Factory(router.LanHost.Namespace));

        await MapRenewUnmapAsync(router, mapper);
    }

    [Test]
    public async Task Pcp_MapRenewUnmap_RouterRulesFollow()
    {
        RequireTools("miniupnpd", "nft");
        var router = await MiniupnpdRouter.CreateAsync(Lab);
        await using var mapper = new PcpPortMapper(IPAddress.Parse(MiniupnpdRouter.LanGateway), TimeProvider.System, PcpCodec.ServerPort, NamespaceSocket.Factory(router.LanHost.Namespace));

        await MapRenewUnmapAsync(router, mapper);
    }

    [Test]
    public async Task Upnp_OnlyUpnpEnabled_MapRenewUnmapSeenByUpnpc()
    {
        RequireTools("miniupnpd", "nft", "upnpc");
        var router = await MiniupnpdRouter.CreateAsync(Lab, upnp: true, natPmpAndPcp: false);
        var gateway = IPAddress.Parse(MiniupnpdRouter.LanGateway);
        await using var mapper = new UpnpPortMapper(gateway, TimeProvider.System, SsdpCodec.Port, new IPEndPoint(IPAddress.Parse(SsdpCodec.MulticastAddress), SsdpCodec.Port), NamespaceSocket.AnyFactory(router.LanHost.Namespace));
        await using var natPmp = new NatPmpPortMapper(gateway, TimeProvider.System, NatPmpCodec.ServerPort, NamespaceSocket.Factory(router.LanHost.Namespace));

        await MapRenewUnmapAsync(router, mapper);

        Assert.Multiple(() =>
        {
            Assert.That(mapper.Service!.ServiceType, Does.StartWith("urn:schemas-upnp-org:service:WANIPConnection:"));
            Assert.That(mapper.DroppedReplies, Is.Zero);
        });
        Assert.That(await natPmp.ProbeAsync(GatewayProbe.DefaultTimeout, CancellationToken.None), Is.False, "NAT-PMP is disabled in this router");
    }

    private static async Task MapRenewUnmapAsync(MiniupnpdRouter router, IPortMapper mapper)
    {
        using var cts = new CancellationTokenSource(Generous);
        var watch = Stopwatch.StartNew();
        await Poll.UntilAsync(() => mapper.ProbeAsync(GatewayProbe.DefaultTimeout, cts.Token), Generous, $"{mapper.Protocol} answers the probe", cts.Token);
        TestContext.Out.WriteLine($"{mapper.Protocol}: gateway answered the probe {watch.ElapsedMilliseconds} ms after miniupnpd started");
        watch.Restart();
        Assert.That(await mapper.ProbeAsync(GatewayProbe.DefaultTimeout, cts.Token), Is.True, "a second probe of a running gateway");
        TestContext.Out.WriteLine($"{mapper.Protocol}: one probe of the running gateway took {watch.Elapsed.TotalMilliseconds:0.0} ms");

        watch.Restart();
        var mapping = await mapper.MapUdpAsync(51820, TimeSpan.FromHours(2), cts.Token);
        TestContext.Out.WriteLine($"{mapper.Protocol}: mapping {mapping.External} made in {watch.ElapsedMilliseconds} ms, lifetime {mapping.Lifetime}");
        Assert.That(mapping.External.Address, Is.EqualTo(IPAddress.Parse(MiniupnpdRouter.ReportedExternalAddress)));
        Assert.That(await router.NatRulesAsync(), Does.Contain($"dport {mapping.External.Port}").And.Contain($"{MiniupnpdRouter.LanHostAddress}:51820"));

        var upnp = mapper.Protocol == PortMappingProtocol.Upnp;
        if (upnp)
        {
            Assert.That(await router.UpnpListAsync(), Does.Contain($"UDP {mapping.External.Port}->{MiniupnpdRouter.LanHostAddress}:51820"));
        }

        var renewed = await mapper.MapUdpAsync(51820, TimeSpan.FromHours(2), cts.Token);
        Assert.That(renewed.External, Is.EqualTo(mapping.External), "a renewal keeps the external endpoint");

        await mapper.UnmapAsync(cts.Token);
        Assert.That(await router.NatRulesAsync(), Does.Not.Contain($"{MiniupnpdRouter.LanHostAddress}:51820"));
        if (upnp)
        {
            Assert.That(await router.UpnpListAsync(), Does.Not.Contain($"->{MiniupnpdRouter.LanHostAddress}:51820"));
        }
    }
}
