using MeshAgent.NetworkManager.Vrb;

namespace MeshAgent.NetworkManager.Tests.Lab;

public sealed class VrbOwnershipLabTests : NetworkManagerLabTest
{
    [Test]
    public async Task ApplyAsync_ExtOnThenOff_AddsThenRemovesBrExtAndLeavesBr0Alone()
    {
        await using var reconciler = CreateReconciler(Br0());
        await ApplyAsync(reconciler);
        var br0Active = (await NmcliActiveAsync()).Split('\n').Where(l => l.StartsWith("meshagent-br0", StringComparison.Ordinal)).ToList();

        reconciler.Spec = Br0() with { Ext = new ExtBridgeSpec("br-ext", ["eth2"], ExtAddressing.Manual, InterfaceAddress.Parse("203.0.113.1/24")) };
        var on = await ApplyAsync(reconciler);

        Assert.That(on.Converged, Is.True, on.Problem);
        Assert.That(await NmcliActiveAsync(), Does.Contain($"meshagent-br-ext:{ProfileUuid.For("meshagent-br-ext")}:br-ext:activated:")
            .And.Contain("meshagent-br-ext-port-eth2:"));
        Assert.That(await IpViewAsync(), Does.Contain("br-ext master=- up 203.0.113.1/24").And.Contain("eth2 master=br-ext up"));
        Assert.That(await PeerPingsAsync("203.0.113.1"), Is.True, "b reaches a across br-ext");

        reconciler.Spec = Br0();
        var offPlan = await reconciler.PlanAsync(CancellationToken.None);
        var off = await reconciler.ApplyAsync(offPlan, CancellationToken.None);

        Assert.That(offPlan.Changes.Select(c => c.ToString()), Is.EqualTo(new[]
        {
            "- remove profile meshagent-br-ext: interface br-ext",
            "- remove profile meshagent-br-ext-port-eth2: interface eth2",
        }));
        Assert.That(off.Converged, Is.True, off.Problem);
        Assert.That(await NmcliProfilesAsync(), Does.Not.Contain("br-ext"));
        await Lab.Poll("br-ext gone from the kernel", async () => !(await IpViewAsync()).Contains("br-ext", StringComparison.Ordinal));
        Assert.That(await IpViewAsync(), Does.Contain("eth2 master=- ").And.Contain("br0 master=- up 10.10.10.1/24"));
        Assert.That((await NmcliActiveAsync()).Split('\n').Where(l => l.StartsWith("meshagent-br0", StringComparison.Ordinal)), Is.EqualTo(br0Active),
            "br0 and its port were not re-activated");

        // On again at once: the same interface name is re-created (LAB.md: only reliable once the old link is gone).
        reconciler.Spec = Br0() with { Ext = new ExtBridgeSpec("br-ext", ["eth2"], ExtAddressing.Manual, InterfaceAddress.Parse("203.0.113.1/24")) };
        var again = await ApplyAsync(reconciler);
        Assert.That(again.Converged, Is.True, again.Problem);
        Assert.That(await IpViewAsync(), Does.Contain("br-ext master=- up 203.0.113.1/24").And.Contain("eth2 master=br-ext up"));
    }

    [Test]
    public async Task ApplyAsync_ForeignProfiles_StayUntouchedThroughBuildChangeAndRemoval()
    {
        // An unrelated active profile on a third link and one that only looks like ours (our id prefix, another UUID).
        await Lab.LinkAsync(A, "eth3", null, B, "eth3", "192.0.2.78/24");
        await Lab.Poll("NM to know eth3", async () => (await Nm.NmcliAsync("-t", "-f", "DEVICE", "device")).StdOut.Contains("eth3", StringComparison.Ordinal));
        await Nm.NmcliCheckedAsync("connection", "add", "type", "ethernet", "ifname", "eth3", "con-name", "foreign-eth3",
            "ipv4.method", "manual", "ipv4.addresses", "192.0.2.77/24", "ipv6.method", "disabled");
        await Nm.NmcliCheckedAsync("connection", "add", "type", "bridge", "ifname", "br9", "con-name", "meshagent-br9",
            "connection.autoconnect", "no", "ipv4.method", "disabled", "ipv6.method", "disabled");
        await Lab.Poll("foreign-eth3 active", async () => (await NmcliActiveAsync()).Contains("foreign-eth3:", StringComparison.Ordinal));
        var foreign = await NmcliSettingsAsync("foreign-eth3");
        var lookalike = await NmcliSettingsAsync("meshagent-br9");
        await using var reconciler = CreateReconciler(Br0());

        await ApplyAsync(reconciler);
        reconciler.Spec = Br0("10.10.10.3/24") with { Ext = new ExtBridgeSpec("br-ext", ["eth2"], ExtAddressing.None) };
        await ApplyAsync(reconciler);
        reconciler.Spec = new VrbSpec(null, null) { Connectivity = ConnectivityTarget.None };
        var removal = await ApplyAsync(reconciler);

        Assert.That(removal.Converged, Is.True, removal.Problem);
        Assert.That(await NmcliProfilesAsync(), Does.Not.Contain("meshagent-br0").And.Not.Contain("meshagent-br-ext"));
        Assert.That(await NmcliSettingsAsync("foreign-eth3"), Is.EqualTo(foreign));
        Assert.That(await NmcliSettingsAsync("meshagent-br9"), Is.EqualTo(lookalike));
        Assert.That(await NmcliActiveAsync(), Does.Contain("foreign-eth3:"));
        Assert.That(await IpViewAsync(), Does.Contain("eth3 master=- up 192.0.2.77/24"));
    }

    [Test]
    public async Task ApplyAsync_ManagedInterfaceNamed_SetUnmanagedInNm()
    {
        // No WireGuard module (and no dummy driver) in this kernel: a persistent tun device stands in for
        // the agent's wg0 — a tun is exactly what userspace WireGuard (wireguard-go) creates.
        await A.RunCheckedAsync("ip", "tuntap", "add", "dev", "wg0", "mode", "tun");
        await A.RunCheckedAsync("ip", "link", "set", "wg0", "up");
        await Lab.Poll("NM to know wg0", async () => (await Nm.NmcliAsync("-t", "-f", "DEVICE", "device")).StdOut.Contains("wg0", StringComparison.Ordinal));
        await Nm.NmcliCheckedAsync("device", "set", "wg0", "managed", "yes");
        Assert.That(await DeviceStateAsync("wg0"), Is.Not.EqualTo("unmanaged"), "precondition: NM manages wg0");
        await using var reconciler = CreateReconciler(Br0() with { UnmanagedInterfaces = ["wg0"] });

        var plan = await reconciler.PlanAsync(CancellationToken.None);
        var result = await reconciler.ApplyAsync(plan, CancellationToken.None);

        Assert.That(plan.Changes.Select(c => c.ToString()), Has.Member("~ update device wg0: managed -> unmanaged"));
        Assert.That(result.Converged, Is.True, result.Problem);
        Assert.That(await DeviceStateAsync("wg0"), Is.EqualTo("unmanaged"));
        Assert.That((await reconciler.PlanAsync(CancellationToken.None)).IsEmpty, Is.True);
        Assert.That(await IpViewAsync(), Does.Contain("wg0 master=- up"), "the device itself is left as it was");
        // Managed is runtime state: after a restart NM decides afresh (here: someone manages it again).
        await Nm.RestartAsync();
        await Nm.NmcliCheckedAsync("device", "set", "wg0", "managed", "yes");
        Assert.That(await DeviceStateAsync("wg0"), Is.Not.EqualTo("unmanaged"));
        var again = await ApplyAsync(reconciler);
        Assert.That(again.Converged, Is.True, again.Problem);
        Assert.That(await DeviceStateAsync("wg0"), Is.EqualTo("unmanaged"), "the next reconcile sets it again");
    }

    private async Task<string> DeviceStateAsync(string device) =>
        (await Nm.NmcliCheckedAsync("-g", "GENERAL.STATE", "device", "show", device)).StdOut.Trim() switch
        {
            var s when s.Contains("unmanaged", StringComparison.Ordinal) => "unmanaged",
            var s => s,
        };
}
