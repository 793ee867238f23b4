using System.Diagnostics;
using MeshAgent.NetworkManager.Vrb;

namespace MeshAgent.NetworkManager.Tests.Lab;

public sealed class VrbBuildLabTests : NetworkManagerLabTest
{
    [Test]
    public async Task ApplyAsync_EmptyNetworkManager_BuildsBr0WithPortThenSecondApplyChangesNothing()
    {
        await using var reconciler = CreateReconciler(Br0());
        Assert.That(await NmcliProfilesAsync(), Does.Not.Contain("meshagent"), "NM starts without our profiles");

        var watch = Stopwatch.StartNew();
        var result = await ApplyAsync(reconciler);
        TestContext.Out.WriteLine($"apply br0 with one port: {watch.ElapsedMilliseconds} ms");

        Assert.That(result.Converged, Is.True, result.Problem);
        var bridgeUuid = ProfileUuid.For("meshagent-br0");
        var portUuid = ProfileUuid.For("meshagent-br0-port-eth1");
        Assert.That(await NmcliActiveAsync(), Does.Contain($"meshagent-br0:{bridgeUuid}:br0:activated:")
            .And.Contain($"meshagent-br0-port-eth1:{portUuid}:eth1:activated:"));
        Assert.That(await NmcliFieldAsync("meshagent-br0", "bridge.stp"), Is.EqualTo("no"));
        Assert.That(await NmcliFieldAsync("meshagent-br0", "ipv4.addresses"), Is.EqualTo("10.10.10.1/24"));
        Assert.That(await NmcliFieldAsync("meshagent-br0", "ipv6.method"), Is.EqualTo("disabled"));
        Assert.That(await NmcliFieldAsync("meshagent-br0-port-eth1", "connection.master"), Is.EqualTo("br0"));
        var ip = await IpViewAsync();
        Assert.That(ip, Does.Contain("br0 master=- up 10.10.10.1/24").And.Contain("eth1 master=br0 up"));
        Assert.That((await A.RunCheckedAsync("cat", "/sys/class/net/br0/bridge/stp_state")).StdOut.Trim(), Is.EqualTo("0"));
        Assert.That(await PeerPingsAsync("10.10.10.1"), Is.True, "peer b reaches a across br0");

        var active = await NmcliActiveAsync();
        var profiles = await NmcliProfilesAsync();
        var secondPlan = await reconciler.PlanAsync(CancellationToken.None);
        var second = await reconciler.ApplyAsync(secondPlan, CancellationToken.None);

        Assert.That(secondPlan.Changes.Select(c => c.ToString()), Is.Empty);
        Assert.That(second.Applied, Is.Empty);
        Assert.That(second.Converged, Is.True, second.Problem);
        Assert.That(await NmcliActiveAsync(), Is.EqualTo(active), "no re-activation (same active connection paths)");
        Assert.That(await NmcliProfilesAsync(), Is.EqualTo(profiles));
        Assert.That(await IpViewAsync(), Is.EqualTo(ip));
    }
}
