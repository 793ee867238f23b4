using System.Diagnostics;
using System.Net;
using MeshAgent.Lab;
using MeshAgent.Nat.Keeping;
using MeshAgent.Nat.NatPmp;
using MeshAgent.Nat.Pcp;
using MeshAgent.Nat.Upnp;

namespace MeshAgent.Nat.Tests.Lab;

/// <summary>The keeper with the real clients in a spoke behind the real miniupnpd: maps, survives a router restart, deletes on stop.</summary>
[TestFixture]
[NonParallelizable]
public sealed class PortMappingKeeperLabTests : LabTest
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(60);

    // Real time, so the pacing is shortened: the defaults (1 min checks, 30 s first retry) would make this test slow.
    private static readonly PortMappingKeeperOptions Fast = new() { CheckInterval = TimeSpan.FromMilliseconds(500), RetryInitial = TimeSpan.FromSeconds(1), RetryMax = TimeSpan.FromSeconds(2) };

    [Test]
    public async Task Keeper_AllProtocolsOn_NatPmpMappingRecoversAfterRouterRestartAndIsDeletedOnStop()
    {
        RequireTools("miniupnpd", "nft");
        var router = await MiniupnpdRouter.CreateAsync(Lab, upnp: true, natPmpAndPcp: true);
        var keeper = new PortMappingKeeper(() => Mappers(router), 51820, Fast, TimeProvider.System);
        using var stop = new CancellationTokenSource();
        var watch = Stopwatch.StartNew();
        var run = Task.Run(() => keeper.RunAsync(stop.Token));
        try
        {
            await Poll.UntilAsync(() => Task.FromResult(keeper.Current.State == PortMappingState.Mapped), Generous, "the keeper maps the port", CancellationToken.None);
            TestContext.Out.WriteLine($"keeper: mapped with {keeper.Current.Mapping!.Protocol} {watch.ElapsedMilliseconds} ms after start (answered: {string.Join(", ", keeper.Current.Answered)})");
            Assert.That(keeper.Current.Mapping.Protocol, Is.EqualTo(PortMappingProtocol.NatPmp), "NAT-PMP is preferred when all three answer");
            await Poll.UntilAsync(async () => (await router.NatRulesAsync()).Contains($"{MiniupnpdRouter.LanHostAddress}:51820", StringComparison.Ordinal), Generous, "the router holds the mapping", CancellationToken.None);

            // A restart is told from the epoch only once the router has been up longer than RFC 6886's 2 s of slack
            // (a real reboot takes far longer): wait for the gateway's own clock, not a sleep.
            await using (var observer = new NatPmpPortMapper(IPAddress.Parse(MiniupnpdRouter.LanGateway), TimeProvider.System, NatPmpCodec.ServerPort, NamespaceSocket.Factory(router.LanHost.Namespace)))
            {
                await Poll.UntilAsync(async () => (await observer.ObserveAsync(GatewayProbe.DefaultTimeout, CancellationToken.None))?.Epoch >= 4, Generous, "the router's epoch passes 4 s", CancellationToken.None);
            }

            // A reboot: the daemon goes, its table with it, and it comes back with a new epoch.
            var before = keeper.Current.Mapping;
            await router.StopAsync();
            await router.Router.RunCheckedAsync("nft", "flush", "chain", "inet", "filter", "prerouting_miniupnpd");
            await router.Router.RunCheckedAsync("nft", "flush", "chain", "inet", "filter", "miniupnpd");
            watch.Restart();
            router.Start();
            await Poll.UntilAsync(async () => (await router.NatRulesAsync()).Contains($"{MiniupnpdRouter.LanHostAddress}:51820", StringComparison.Ordinal), Generous, "the mapping comes back after the restart", CancellationToken.None);
            TestContext.Out.WriteLine($"keeper: mapping back on the router {watch.ElapsedMilliseconds} ms after miniupnpd restarted");
            Assert.That(keeper.Current.Mapping, Is.Not.SameAs(before));
        }
        finally
        {
            await stop.CancelAsync();
            await run.WaitAsync(Generous);
        }

        Assert.Multiple(async () =>
        {
            Assert.That(keeper.Current.State, Is.EqualTo(PortMappingState.Stopped));
            Assert.That(keeper.Current.Problem, Is.Null);
            Assert.That(await router.NatRulesAsync(), Does.Not.Contain($"{MiniupnpdRouter.LanHostAddress}:51820"));
        });
    }

    [Test]
    public async Task Keeper_OnlyUpnp_MappingListedByUpnpcAndDeletedOnStop()
    {
        RequireTools("miniupnpd", "nft", "upnpc");
        var router = await MiniupnpdRouter.CreateAsync(Lab, upnp: true, natPmpAndPcp: false);
        var keeper = new PortMappingKeeper(() => Mappers(router), 51820, Fast, TimeProvider.System);
        using var stop = new CancellationTokenSource();
        var watch = Stopwatch.StartNew();
        var run = Task.Run(() => keeper.RunAsync(stop.Token));
        try
        {
            await Poll.UntilAsync(() => Task.FromResult(keeper.Current.State == PortMappingState.Mapped), Generous, "the keeper maps the port", CancellationToken.None);
            TestContext.Out.WriteLine($"keeper: mapped with {keeper.Current.Mapping!.Protocol} {watch.ElapsedMilliseconds} ms after start");
            Assert.That(keeper.Current.Mapping.Protocol, Is.EqualTo(PortMappingProtocol.Upnp));
            Assert.That(await router.UpnpListAsync(), Does.Contain($"UDP 51820->{MiniupnpdRouter.LanHostAddress}:51820"));
        }
        finally
        {
            await stop.CancelAsync();
            await run.WaitAsync(Generous);
        }

        Assert.That(await router.UpnpListAsync(), Does.Not.Contain($"->{MiniupnpdRouter.LanHostAddress}:51820"));
    }

    private static IReadOnlyList<IPortMapper> Mappers(MiniupnpdRouter router)
    {
        var gateway = IPAddress.Parse(MiniupnpdRouter.LanGateway);
        var ns = router.LanHost.Namespace;
        return
        [
            new NatPmpPortMapper(gateway, TimeProvider.System, NatPmpCodec.ServerPort, NamespaceSocket.Factory(ns)),
            new PcpPortMapper(gateway, TimeProvider.System, PcpCodec.ServerPort, NamespaceSocket.Factory(ns)),
            new UpnpPortMapper(gateway, TimeProvider.System, SsdpCodec.Port, new IPEndPoint(IPAddress.Parse(SsdpCodec.MulticastAddress), SsdpCodec.Port), NamespaceSocket.AnyFactory(ns)),
        ];
    }
}
