using System.Diagnostics;
using MeshAgent.NetworkManager.Client;
using MeshAgent.NetworkManager.Settings;
using MeshAgent.NetworkManager.Vrb;

namespace MeshAgent.NetworkManager.Tests.Lab;

public sealed class NetworkManagerClientLabTests : NetworkManagerLabTest
{
    [Test]
    public async Task Properties_RunningNm_ReadyAndDevicesKnown()
    {
        Assert.That(await Client.GetStartupAsync(CancellationToken.None), Is.False);
        Assert.That(await Client.GetStateAsync(CancellationToken.None), Is.Not.EqualTo(NmState.Unknown));
        Assert.That(Enum.IsDefined(await Client.GetConnectivityAsync(CancellationToken.None)), Is.True);
        var eth1 = await Client.GetDeviceByIpIfaceAsync("eth1", CancellationToken.None);
        Assert.That(eth1, Is.Not.Null);
        Assert.That(await Client.GetDevicesAsync(CancellationToken.None), Has.Member(eth1));
        var device = await Client.GetDeviceAsync(eth1!, CancellationToken.None);
        Assert.That(device.Interface, Is.EqualTo("eth1"));
        Assert.That(device.DeviceType, Is.EqualTo(NmDeviceType.Ethernet).Or.EqualTo(NmDeviceType.Veth));
        Assert.That(device.Managed, Is.True);
        Assert.That(await Client.GetDeviceByIpIfaceAsync("nosuch0", CancellationToken.None), Is.Null);
        Assert.That(await Client.GetConnectionByUuidAsync("00000000-0000-4000-8000-000000000000", CancellationToken.None), Is.Null);
    }

    [Test]
    public async Task AddConnection2_BridgeProfile_NmcliSeesItAndGetSettingsReadsItBack()
    {
        var settings = VrbProfiles.Build(Br0())[0].Settings;

        var path = await Client.AddConnection2Async(settings, AddConnection2Options.ToDisk | AddConnection2Options.BlockAutoconnect, CancellationToken.None);
        var read = await Client.GetSettingsAsync(path, CancellationToken.None);

        Assert.That(SettingsDifference.Compare(settings, read), Is.Empty);
        Assert.That(await Client.GetConnectionByUuidAsync(settings.Uuid!, CancellationToken.None), Is.EqualTo(path));
        Assert.That(await Client.ListConnectionsAsync(CancellationToken.None), Has.Member(path));
        Assert.That(await NmcliProfilesAsync(), Does.Contain($"meshagent-br0:{settings.Uuid}:bridge:"));
        Assert.That(await NmcliActiveAsync(), Does.Not.Contain("meshagent-br0"), "flag 0x20 keeps the new profile from autoconnecting");
        Assert.That(File.Exists(Path.Combine(Nm.ProfileDirectory, "meshagent-br0.nmconnection")), Is.True, "stored to disk");

        await Client.DeleteAsync(path, CancellationToken.None);
        Assert.That(await NmcliProfilesAsync(), Does.Not.Contain("meshagent-br0"));
        var error = Assert.ThrowsAsync<NetworkManagerException>(() => Client.GetSettingsAsync(path, CancellationToken.None));
        Assert.That(error!.ErrorName, Is.Not.Null.And.Contains("org.freedesktop"));
        Assert.That(error, Is.Not.TypeOf<NetworkManagerUnavailableException>());
    }

    [Test]
    public async Task Update2_WithSettingsAsGetSettingsReadThem_NmKeepsTheProfileUnchanged()
    {
        var path = await Client.AddConnection2Async(VrbProfiles.Build(Br0())[0].Settings, AddConnection2Options.ToDisk | AddConnection2Options.BlockAutoconnect, CancellationToken.None);
        var stored = await NmcliSettingsAsync("meshagent-br0");
        var read = await Client.GetSettingsAsync(path, CancellationToken.None);

        // What we do not model (legacy addresses aau, dns au, timestamps t, ...) goes back as the library read it.
        await Client.Update2Async(path, read, Update2Options.ToDisk, CancellationToken.None);
        var reread = await Client.GetSettingsAsync(path, CancellationToken.None);

        Assert.That(read.SectionNames.SelectMany(s => read.Section(s).Values).OfType<OpaqueSettingValue>(), Is.Not.Empty, "NM 1.42 sends values we keep opaque");
        Assert.That(reread.ToString(), Is.EqualTo(read.ToString()));
        Assert.That(await NmcliSettingsAsync("meshagent-br0"), Is.EqualTo(stored));
    }

    [Test]
    public async Task CheckpointRollback_AfterAddingAndActivatingBridge_BridgeAndProfileGone()
    {
        var profiles = await NmcliProfilesAsync();
        var ip = await IpViewAsync();
        var checkpoint = await Client.CheckpointCreateAsync([], 60, CheckpointCreateOptions.DeleteNewConnections | CheckpointCreateOptions.DisconnectNewDevices, CancellationToken.None);
        var port = VrbProfiles.Build(Br0()).Single(p => p.IsPort);
        await Client.AddConnection2Async(VrbProfiles.Build(Br0())[0].Settings, AddConnection2Options.ToDisk | AddConnection2Options.BlockAutoconnect, CancellationToken.None);
        var portPath = await Client.AddConnection2Async(port.Settings, AddConnection2Options.ToDisk | AddConnection2Options.BlockAutoconnect, CancellationToken.None);
        await Client.ActivateConnectionAsync(portPath, (await Client.GetDeviceByIpIfaceAsync("eth1", CancellationToken.None))!, "/", CancellationToken.None);
        await Lab.Poll("br0 up with eth1", async () => (await IpViewAsync()).Contains("eth1 master=br0", StringComparison.Ordinal));

        var watch = Stopwatch.StartNew();
        var results = await Client.CheckpointRollbackAsync(checkpoint, CancellationToken.None);
        var call = watch.Elapsed;
        await Lab.Poll("links as before the checkpoint", async () => await IpViewAsync() == ip);
        TestContext.Out.WriteLine($"rollback: call {call.TotalMilliseconds:0} ms, links restored after {watch.ElapsedMilliseconds} ms");

        Assert.That(results.Values, Has.All.EqualTo(0u), "NM_ROLLBACK_RESULT_OK for every device");
        Assert.That(await NmcliProfilesAsync(), Is.EqualTo(profiles));
        Assert.ThrowsAsync<NetworkManagerException>(() => Client.CheckpointDestroyAsync(checkpoint, CancellationToken.None), "a rolled-back checkpoint is gone");
    }

    [Test]
    public async Task Calls_NmStopped_UnavailableThenWorkAfterRestart()
    {
        Assert.That(await Client.GetStartupAsync(CancellationToken.None), Is.False);

        await Nm.StopAsync();
        var error = Assert.ThrowsAsync<NetworkManagerUnavailableException>(() => Client.GetDevicesAsync(CancellationToken.None));
        await Nm.StartNetworkManagerAsync();

        Assert.That(error!.Message, Does.Contain("org.freedesktop.NetworkManager"));
        Assert.That(await Client.GetDeviceByIpIfaceAsync("eth1", CancellationToken.None), Is.Not.Null);
    }

    [Test]
    public async Task Connect_NoBus_Unavailable()
    {
        await using var client = new NetworkManagerClient($"unix:path={Path.Combine(Lab.Directory, "no-bus.sock")}");

        var error = Assert.ThrowsAsync<NetworkManagerUnavailableException>(() => client.GetStateAsync(CancellationToken.None));

        Assert.That(error!.Message, Does.Contain("cannot connect"));
    }
}
