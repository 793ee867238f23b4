using System.Diagnostics;
using System.Net;
using MeshAgent.NetworkManager.Client;
using MeshAgent.NetworkManager.Vrb;

namespace MeshAgent.NetworkManager.Tests.Lab;

public sealed class VrbChangeLabTests : NetworkManagerLabTest
{
    [Test]
    public async Task ApplyAsync_AddressChanged_UpdatedInPlaceWithSameUuid()
    {
        await using var reconciler = CreateReconciler(Br0());
        await ApplyAsync(reconciler);
        var uuid = await NmcliFieldAsync("meshagent-br0", "connection.uuid");

        reconciler.Spec = Br0("10.10.10.5/24");
        var plan = await reconciler.PlanAsync(CancellationToken.None);
        var result = await reconciler.ApplyAsync(plan, CancellationToken.None);

        Assert.That(plan.Changes.Select(c => c.ToString()), Is.EqualTo(new[]
        {
            "~ update profile meshagent-br0: ipv4.address-data '10.10.10.1/24' -> '10.10.10.5/24'",
        }));
        Assert.That(result.Converged, Is.True, result.Problem);
        Assert.That(await NmcliFieldAsync("meshagent-br0", "connection.uuid"), Is.EqualTo(uuid).And.EqualTo(ProfileUuid.For("meshagent-br0")));
        Assert.That(await NmcliFieldAsync("meshagent-br0", "ipv4.addresses"), Is.EqualTo("10.10.10.5/24"));
        Assert.That((await NmcliProfilesAsync()).Split('\n').Count(l => l.StartsWith("meshagent-br0:", StringComparison.Ordinal)), Is.EqualTo(1));
        await Lab.Poll("br0 carries only the new address", async () => (await IpViewAsync()).Contains("br0 master=- up 10.10.10.5/24\n", StringComparison.Ordinal));
        Assert.That(await PeerPingsAsync("10.10.10.5"), Is.True);
        Assert.That((await reconciler.PlanAsync(CancellationToken.None)).IsEmpty, Is.True);
    }

    [Test]
    public async Task ApplyAsync_UplinkMovedIntoBr0_PeerKeepsReachingHost()
    {
        // Host a's uplink eth1 carries 10.10.10.1/24 through a profile of its own; the VRB moves eth1 into
        // br0 and the address onto br0. Peer b must reach a afterwards, across the bridge.
        await Nm.NmcliCheckedAsync("connection", "add", "type", "ethernet", "ifname", "eth1", "con-name", "uplink",
            "ipv4.method", "manual", "ipv4.addresses", "10.10.10.1/24", "ipv6.method", "disabled");
        await Nm.NmcliCheckedAsync("connection", "up", "uplink");
        Assert.That(await PeerPingsAsync("10.10.10.1"), Is.True, "precondition: b reaches a over the plain uplink");
        var uplinkBefore = await NmcliSettingsAsync("uplink");
        await using var reconciler = CreateReconciler(Br0());

        var result = await ApplyAsync(reconciler);

        Assert.That(result.Converged, Is.True, result.Problem);
        Assert.That(await IpViewAsync(), Does.Contain("br0 master=- up 10.10.10.1/24").And.Contain("eth1 master=br0 up\n"));
        Assert.That(await NmcliActiveAsync(), Does.Contain("meshagent-br0-port-eth1:").And.Not.Contain("uplink:"));
        Assert.That(await PeerPingsAsync("10.10.10.1"), Is.True, "b reaches a across br0");
        Assert.That(await NmcliSettingsAsync("uplink"), Is.EqualTo(uplinkBefore), "the uplink profile itself is not ours to change");
    }

    [Test]
    public async Task ApplyAsync_ConnectivityTargetUnreachable_RollsBackToPreviousProfilesAndLinks()
    {
        await using var reconciler = CreateReconciler(Br0());
        await ApplyAsync(reconciler);
        var profiles = await NmcliProfilesAsync();
        var ip = await IpViewAsync();

        reconciler.Spec = Br0("10.10.10.9/24") with
        {
            Ext = new ExtBridgeSpec("br-ext", ["eth2"], ExtAddressing.Manual, InterfaceAddress.Parse("203.0.113.1/24")),
            Connectivity = ConnectivityTarget.Of(IPAddress.Parse("10.10.10.99")),
        };
        var watch = Stopwatch.StartNew();
        var error = Assert.ThrowsAsync<VrbApplyException>(() => ApplyAsync(reconciler));
        TestContext.Out.WriteLine($"failed apply incl. connectivity timeout and rollback: {watch.ElapsedMilliseconds} ms");

        Assert.That(error!.RolledBack, Is.True, error.Message);
        Assert.That(error.Problem, Does.Contain("10.10.10.99"));
        await Lab.Poll("the kernel state from before the apply", async () => await IpViewAsync() == ip);
        await Lab.Poll("NM's profiles from before the apply", async () => await NmcliProfilesAsync() == profiles);
        Assert.That(await NmcliFieldAsync("meshagent-br0", "ipv4.addresses"), Is.EqualTo("10.10.10.1/24"));
        Assert.That(await NmcliProfilesAsync(), Does.Not.Contain("br-ext"));
        Assert.That(await IpViewAsync(), Does.Not.Contain("br-ext"));
        Assert.That(await PeerPingsAsync("10.10.10.1"), Is.True);
    }

    [Test]
    public async Task ApplyAsync_UplinkIntoAddresslessBridge_DefaultGatewayLostSoRolledBack()
    {
        // The classic lockout: the uplink carrying the default route goes into a bridge without an address.
        // With the default connectivity target (the default gateway) the apply must undo itself.
        await Nm.NmcliCheckedAsync("connection", "add", "type", "ethernet", "ifname", "eth2", "con-name", "wan",
            "ipv4.method", "manual", "ipv4.addresses", "203.0.113.1/24", "ipv4.gateway", "203.0.113.2", "ipv6.method", "disabled");
        await Nm.NmcliCheckedAsync("connection", "up", "wan");
        Assert.That(await new LabHostConnectivityProbe(A).GetDefaultGatewayAsync(CancellationToken.None), Is.EqualTo(IPAddress.Parse("203.0.113.2")));
        var profiles = await NmcliProfilesAsync();
        var active = await NmcliActiveAsync();
        var ip = await IpViewAsync();
        var spec = new VrbSpec(null, new ExtBridgeSpec("br-ext", ["eth2"], ExtAddressing.None)) { Connectivity = ConnectivityTarget.Gateway };
        await using var reconciler = CreateReconciler(spec, new VrbReconcilerOptions { ConnectivityTimeout = TimeSpan.FromSeconds(5) });

        var error = Assert.ThrowsAsync<VrbApplyException>(() => ApplyAsync(reconciler));

        Assert.That(error!.RolledBack, Is.True, error.Message);
        // Mostly the gateway check catches the lockout. Now and then (1 in ~10 runs seen in CI) NM 1.42 leaves the
        // uplink's port profile inactive while the uplink's own profile still holds the device; then the activation
        // timeout triggers the same rollback. Either way the host must not stay locked out, which is what follows.
        Assert.That(error.Problem, Does.Contain("203.0.113.2").And.Contain("gateway").Or.Contain("not activated"));
        await Lab.Poll("the wan profile active again", async () => (await NmcliActiveAsync()).Contains("wan:", StringComparison.Ordinal));
        await Lab.Poll("the links from before", async () => await IpViewAsync() == ip);
        Assert.That(await NmcliProfilesAsync(), Is.EqualTo(profiles));
        Assert.That((await NmcliActiveAsync()).Split('\n').Select(l => l.Split(':')[0]), Is.EqualTo(active.Split('\n').Select(l => l.Split(':')[0])));
        Assert.That(await new LabHostConnectivityProbe(A).GetDefaultGatewayAsync(CancellationToken.None), Is.EqualTo(IPAddress.Parse("203.0.113.2")));
        Assert.That(await PeerPingsAsync("203.0.113.1"), Is.True);
    }

    [Test]
    public async Task ApplyAsync_NetworkManagerRestarted_ReconnectsAndConverges()
    {
        await using var reconciler = CreateReconciler(Br0());
        await ApplyAsync(reconciler);

        await Nm.StopAsync();
        await Lab.Poll("a reconcile request after NM stopped", () => Task.FromResult(ReconcileRequests.Any(r => r.Contains("owner changed", StringComparison.Ordinal))));
        Assert.ThrowsAsync<NetworkManagerUnavailableException>(() => reconciler.PlanAsync(CancellationToken.None));
        reconciler.Spec = Br0("10.10.10.7/24");
        var requestsBefore = ReconcileRequests.Count;
        var watch = Stopwatch.StartNew();
        await Nm.StartNetworkManagerAsync();
        await Lab.Poll("a reconcile request after NM started again", () => Task.FromResult(
            ReconcileRequests.Skip(requestsBefore).Any(r => r.Contains("owner changed", StringComparison.Ordinal))));
        var result = await ApplyAsync(reconciler);
        TestContext.Out.WriteLine($"NM restart to converged: {watch.ElapsedMilliseconds} ms (NM ready after {Nm.LastStartDuration.TotalMilliseconds:0} ms)");

        Assert.That(result.Converged, Is.True, result.Problem);
        Assert.That((await reconciler.PlanAsync(CancellationToken.None)).IsEmpty, Is.True);
        Assert.That(await NmcliActiveAsync(), Does.Contain($"meshagent-br0:{ProfileUuid.For("meshagent-br0")}:br0:activated:")
            .And.Contain("meshagent-br0-port-eth1:"));
        Assert.That(await NmcliFieldAsync("meshagent-br0", "ipv4.addresses"), Is.EqualTo("10.10.10.7/24"));
        await Lab.Poll("br0 with the new address", async () => (await IpViewAsync()).Contains("br0 master=- up 10.10.10.7/24", StringComparison.Ordinal));
        Assert.That(await IpViewAsync(), Does.Contain("eth1 master=br0 up"));
        Assert.That(await PeerPingsAsync("10.10.10.7"), Is.True);
    }

    [Test]
    public async Task ApplyAsync_NetworkManagerStoppedMidApply_ReportsUnconfirmedRollbackThenConvergesAfterRestart()
    {
        await using var first = CreateReconciler(Br0());
        await ApplyAsync(first);
        // NM goes away after the profiles were changed and activated, while the connectivity check runs:
        // the checkpoint can be neither destroyed nor rolled back (NM forgets it when it stops).
        var probe = new InterruptingProbe(new LabHostConnectivityProbe(A), () => Nm.StopAsync());
        await using var reconciler = new VrbReconciler(Client, Br0("10.10.10.8/24"), probe, _ => { });

        var error = Assert.ThrowsAsync<VrbApplyException>(() => ApplyAsync(reconciler));
        await Nm.StartNetworkManagerAsync();
        var result = await ApplyAsync(reconciler);

        Assert.That(error!.RolledBack, Is.False, error.Message);
        Assert.That(result.Converged, Is.True, result.Problem);
        Assert.That((await reconciler.PlanAsync(CancellationToken.None)).IsEmpty, Is.True);
        Assert.That(await NmcliFieldAsync("meshagent-br0", "ipv4.addresses"), Is.EqualTo("10.10.10.8/24"));
        await Lab.Poll("br0 with 10.10.10.8 and eth1 enslaved", async () =>
        {
            var ip = await IpViewAsync();
            return ip.Contains("br0 master=- up 10.10.10.8/24", StringComparison.Ordinal) && ip.Contains("eth1 master=br0 up", StringComparison.Ordinal);
        });
        Assert.That(await PeerPingsAsync("10.10.10.8"), Is.True);
    }

    private sealed class InterruptingProbe(IConnectivityProbe inner, Func<Task> onFirstPing) : IConnectivityProbe
    {
        private int _pings;

        public Task<IPAddress?> GetDefaultGatewayAsync(CancellationToken cancellationToken) => inner.GetDefaultGatewayAsync(cancellationToken);

        public async Task<bool> PingAsync(IPAddress target, TimeSpan timeout, CancellationToken cancellationToken)
        {
            if (Interlocked.Increment(ref _pings) == 1)
            {
                await onFirstPing();
            }

            return await inner.PingAsync(target, timeout, cancellationToken);
        }
    }
}
