using System.Net;
using System.Net.Sockets;
using MeshAgent.Interop;
using MeshAgent.Netlink.Generic;
using MeshAgent.Netlink.Route;

namespace MeshAgent.Netlink.Tests;

/// <summary>rtnetlink and generic netlink against this machine's kernel, each test in its own namespace.</summary>
[Category("Lab")]
public sealed class RouteNetlinkLabTests
{
    private ScratchNamespace? _namespace;
    private RouteNetlinkClient? _client;

    private ScratchNamespace Ns => _namespace!;

    private RouteNetlinkClient Client => _client!;

    [SetUp]
    public async Task SetUp()
    {
        ScratchNamespace.Require();
        _namespace = await ScratchNamespace.CreateAsync();
        _client = RouteNetlinkClient.Open(_namespace.Path);
    }

    [TearDown]
    public async Task TearDown()
    {
        _client?.Dispose();
        if (_namespace is not null)
        {
            await _namespace.DisposeAsync();
        }
    }

    [Test]
    public async Task CreateLinkAsync_Bridge_AppearsInDumpWithKindAndIpSeesIt()
    {
        await Client.CreateLinkAsync("ma0", "bridge", CancellationToken.None);

        var links = await Client.GetLinksAsync(CancellationToken.None);

        var link = links.Single(l => l.Name == "ma0");
        Assert.That((link.Kind, link.IsUp), Is.EqualTo(("bridge", false)));
        Assert.That(await Ns.RunAsync("ip", "-o", "link", "show", "ma0"), Does.Contain("ma0:"));
    }

    [Test]
    public async Task SetLinkUpAsync_AndMtu_IpReportsUpAndMtu()
    {
        await Client.CreateLinkAsync("ma0", "bridge", CancellationToken.None);
        var link = await Client.GetLinkAsync("ma0", CancellationToken.None);

        await Client.SetMtuAsync(link.Index, 1280, CancellationToken.None);
        await Client.SetLinkUpAsync(link.Index, true, CancellationToken.None);

        var after = await Client.GetLinkAsync("ma0", CancellationToken.None);
        Assert.That((after.Mtu, after.IsUp), Is.EqualTo((1280, true)));
        var shown = await Ns.RunAsync("ip", "-o", "link", "show", "ma0");
        Assert.That(shown, Does.Contain("mtu 1280").And.Contain(",UP"));

        await Client.SetLinkUpAsync(link.Index, false, CancellationToken.None);
        Assert.That((await Client.GetLinkAsync("ma0", CancellationToken.None)).IsUp, Is.False);
    }

    [Test]
    public async Task AddAddressAsync_V4AndV6_ListedByUsAndIp_ThenDeleted()
    {
        await Client.CreateLinkAsync("ma0", "bridge", CancellationToken.None);
        var index = (await Client.GetLinkAsync("ma0", CancellationToken.None)).Index;
        var v4 = InterfaceAddress.Parse("10.9.8.7/24");
        var v6 = InterfaceAddress.Parse("2001:db8:9::7/64");

        await Client.AddAddressAsync(index, v4, CancellationToken.None);
        await Client.AddAddressAsync(index, v6, CancellationToken.None);

        var listed = (await Client.GetAddressesAsync(index, CancellationToken.None)).Select(a => a.Address).ToList();
        Assert.That(listed, Does.Contain(v4).And.Contain(v6));
        Assert.That(await Ns.RunAsync("ip", "addr", "show", "ma0"), Does.Contain("10.9.8.7/24").And.Contain("2001:db8:9::7/64"));

        await Client.DeleteAddressAsync(index, v4, CancellationToken.None);
        await Client.DeleteAddressAsync(index, v6, CancellationToken.None);
        Assert.That(await Client.GetAddressesAsync(index, CancellationToken.None), Has.None.Matches<AddressEntry>(a => a.Address == v4 || a.Address == v6));
    }

    [Test]
    public async Task AddAddressAsync_Twice_ThrowsEexist()
    {
        await Client.CreateLinkAsync("ma0", "bridge", CancellationToken.None);
        var index = (await Client.GetLinkAsync("ma0", CancellationToken.None)).Index;
        await Client.AddAddressAsync(index, InterfaceAddress.Parse("10.9.8.7/24"), CancellationToken.None);

        var error = Assert.ThrowsAsync<NetlinkException>(() => Client.AddAddressAsync(index, InterfaceAddress.Parse("10.9.8.7/24"), CancellationToken.None));

        Assert.That(error!.Errno, Is.EqualTo(Errno.EEXIST));
    }

    [Test]
    public async Task AddRouteAsync_MainAndCustomTable_IpShowsThem_ThenDeleted()
    {
        await Client.CreateLinkAsync("ma0", "bridge", CancellationToken.None);
        var index = (await Client.GetLinkAsync("ma0", CancellationToken.None)).Index;
        await Client.SetLinkUpAsync(index, true, CancellationToken.None);
        await Client.AddAddressAsync(index, InterfaceAddress.Parse("10.9.8.7/24"), CancellationToken.None);
        var direct = new RouteEntry(IPNetwork.Parse("10.77.0.0/16"), index, null);
        var viaGateway = new RouteEntry(IPNetwork.Parse("10.78.0.0/16"), index, IPAddress.Parse("10.9.8.1"), Table: 1000, Metric: 50);
        var v6 = new RouteEntry(IPNetwork.Parse("2001:db8:77::/48"), index, null, Table: 1000);

        await Client.AddRouteAsync(direct, CancellationToken.None);
        await Client.AddRouteAsync(viaGateway, CancellationToken.None);
        await Client.AddRouteAsync(v6, CancellationToken.None);

        Assert.That(await Ns.RunAsync("ip", "route", "show"), Does.Contain("10.77.0.0/16 dev ma0"));
        Assert.That(await Ns.RunAsync("ip", "route", "show", "table", "1000"), Does.Contain("10.78.0.0/16 via 10.9.8.1 dev ma0"));
        Assert.That(await Ns.RunAsync("ip", "-6", "route", "show", "table", "1000"), Does.Contain("2001:db8:77::/48 dev ma0"));
        var table = await Client.GetRoutesAsync(AddressFamily.InterNetwork, 1000, CancellationToken.None);
        Assert.That(table, Does.Contain(viaGateway));

        await Client.DeleteRouteAsync(direct, CancellationToken.None);
        await Client.DeleteRouteAsync(viaGateway, CancellationToken.None);
        await Client.DeleteRouteAsync(v6, CancellationToken.None);
        Assert.That(await Ns.RunAsync("ip", "route", "show", "table", "all"), Does.Not.Contain("10.77.0.0").And.Not.Contain("10.78.0.0"));
    }

    [Test]
    public async Task DeleteLinkAsync_Existing_GoneAndSecondDeleteIsNotFound()
    {
        await Client.CreateLinkAsync("ma0", "bridge", CancellationToken.None);

        await Client.DeleteLinkAsync("ma0", CancellationToken.None);

        Assert.That((await Client.GetLinksAsync(CancellationToken.None)).Select(l => l.Name), Does.Not.Contain("ma0"));
        var error = Assert.ThrowsAsync<NetlinkException>(() => Client.DeleteLinkAsync("ma0", CancellationToken.None));
        Assert.That((error!.Errno, error.IsNotFound), Is.EqualTo((Errno.ENODEV, true)));
        var get = Assert.ThrowsAsync<NetlinkException>(() => Client.GetLinkAsync("ma0", CancellationToken.None));
        Assert.That(get!.IsNotFound, Is.True);
    }

    [Test]
    public void CreateLinkAsync_WireguardOnKernelWithout_ThrowsEopnotsuppWithExtendedAck()
    {
        var error = Assert.ThrowsAsync<NetlinkException>(() => Client.CreateLinkAsync("wg0", "wireguard", CancellationToken.None));

        Assert.That(error!.Errno, Is.EqualTo(Errno.EOPNOTSUPP));
        Assert.That(error.ExtendedAck, Is.EqualTo("Unknown device type"));
        Assert.That(error.Message, Does.Contain("RTM_NEWLINK wg0 type wireguard"));
    }

    [Test]
    public async Task CreateLinkAsync_NameTaken_ThrowsEexist()
    {
        await Client.CreateLinkAsync("ma0", "bridge", CancellationToken.None);

        var error = Assert.ThrowsAsync<NetlinkException>(() => Client.CreateLinkAsync("ma0", "bridge", CancellationToken.None));

        Assert.That(error!.Errno, Is.EqualTo(Errno.EEXIST));
    }

    [Test]
    public async Task SetMtuAsync_BelowMinimum_ThrowsEinvalWithText()
    {
        await Client.CreateLinkAsync("ma0", "bridge", CancellationToken.None);
        var index = (await Client.GetLinkAsync("ma0", CancellationToken.None)).Index;

        var error = Assert.ThrowsAsync<NetlinkException>(() => Client.SetMtuAsync(index, 10, CancellationToken.None));

        Assert.That(error!.Errno, Is.EqualTo(Errno.EINVAL));
        Assert.That(error.ExtendedAck, Does.Contain("mtu").IgnoreCase);
    }

    [Test]
    public async Task GetFamilyAsync_Nlctrl_ResolvesAndWireguardIsNotFound()
    {
        using var connection = NetlinkConnection.Open(NetlinkProtocol.Generic, Ns.Path);
        var controller = new GenericNetlinkController(connection);

        var nlctrl = await controller.GetFamilyAsync("nlctrl", CancellationToken.None);

        Assert.That(nlctrl.Id, Is.EqualTo(GenericNetlinkController.ControllerId));
        var error = Assert.ThrowsAsync<NetlinkException>(() => controller.GetFamilyAsync("wireguard", CancellationToken.None));
        Assert.That((error!.Errno, error.IsNotFound), Is.EqualTo((Errno.ENOENT, true)));
    }

    [Test]
    public async Task GetLinksAsync_ManyLinks_DumpSpansSeveralDatagrams()
    {
        // 300 bridges make the dump far larger than one 32 KiB kernel message, exercising NLM_F_MULTI.
        for (var i = 0; i < 300; i++)
        {
            await Client.CreateLinkAsync($"ma{i}", "bridge", CancellationToken.None);
        }

        var links = await Client.GetLinksAsync(CancellationToken.None);

        Assert.That(links.Count(l => l.Name.StartsWith("ma", StringComparison.Ordinal) && l.Kind == "bridge"), Is.EqualTo(300));
        var shown = await Ns.RunAsync("ip", "-o", "link", "show", "type", "bridge");
        Assert.That(shown.Split('\n', StringSplitOptions.RemoveEmptyEntries), Has.Length.EqualTo(300));
    }
}
