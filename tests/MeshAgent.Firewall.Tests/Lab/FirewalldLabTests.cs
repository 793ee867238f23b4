using System.Threading.Channels;
using MeshAgent.Firewall.Firewalld;
using MeshAgent.Firewall.Rules;
using MeshAgent.Lab;
using MeshAgent.Lab.Firewalld;
using NUnit.Framework;

namespace MeshAgent.Firewall.Tests.Lab;

/// <summary>The firewalld backend against the real firewalld on a private bus in a lab host, checked with firewall-cmd.</summary>
public sealed class FirewalldLabTests : LabTest
{
    private static readonly TimeSpan SignalTimeout = TimeSpan.FromSeconds(60);

    [Test]
    public async Task ApplyAsync_RealFirewalld_SettingsInZonesAndReloadRestoresThem()
    {
        RequireTools("firewalld", "firewall-cmd", "dbus-daemon", "nft");
        var host = await Lab.AddHostAsync("h");
        await using var firewalld = await LabFirewalld.StartAsync(Lab, host);
        // The admin's own port in the default zone, runtime and permanent (so a reload keeps it): present before
        // us, so never ours to remove.
        await firewalld.FirewallCmdCheckedAsync("--zone=public", "--add-port=22/tcp");
        await firewalld.FirewallCmdCheckedAsync("--permanent", "--zone=public", "--add-port=22/tcp");
        var reloads = Channel.CreateUnbounded<string>();
        using var reconciler = Reconciler(firewalld, SampleSpecs.Hub, new FirewalldOptions(), reason => reloads.Writer.TryWrite(reason));

        var plan = await reconciler.PlanAsync(CancellationToken.None);
        var result = await reconciler.ApplyAsync(plan, CancellationToken.None);
        var second = await reconciler.PlanAsync(CancellationToken.None);
        var trusted = (await firewalld.FirewallCmdCheckedAsync("--zone=trusted", "--list-all")).StdOut;
        TestContext.Out.WriteLine("plan:\n  " + string.Join("\n  ", plan.Changes));
        TestContext.Out.WriteLine("firewall-cmd --zone=trusted --list-all:\n" + trusted);
        TestContext.Out.WriteLine("firewall-cmd --zone=public --list-all:\n" + (await firewalld.FirewallCmdCheckedAsync("--zone=public", "--list-all")).StdOut);
        Assert.Multiple(async () =>
        {
            Assert.That(result.Converged, Is.True, result.Problem);
            Assert.That(second.IsEmpty, Is.True, "apply twice changes nothing: " + string.Join("; ", second.Changes));
            Assert.That(plan.Changes.Select(c => c.ToString()), Does.Not.Contain("+ add port 22/tcp in zone public: runtime"), "the admin's port is there already");
            Assert.That(InterfacesOf(trusted), Is.EquivalentTo(new[] { "wg0", "br0" }));
            Assert.That((await firewalld.FirewallCmdAsync("--zone=public", "--query-port=51820/udp")).StdOut.Trim(), Is.EqualTo("yes"));
            Assert.That((await firewalld.FirewallCmdAsync("--zone=public", "--query-masquerade")).StdOut.Trim(), Is.EqualTo("yes"), "wan0 is in no zone: the default zone masquerades");
            Assert.That((await firewalld.FirewallCmdAsync("--permanent", "--zone=trusted", "--list-interfaces")).StdOut.Trim(), Is.Empty, "runtime only unless permanent is configured");
            Assert.That(reconciler.Notices, Has.Some.StartsWith("TCP MSS clamping on wg0 is not applied"));
        });

        // FlushAllOnReload=yes (the default): the reload drops runtime bindings; the Reloaded signal asks for a pass.
        await firewalld.FirewallCmdCheckedAsync("--reload");
        Assert.That(await reloads.Reader.ReadAsync().AsTask().WaitAsync(SignalTimeout), Is.EqualTo("firewalld-reloaded"));
        Assert.That(InterfacesOf((await firewalld.FirewallCmdCheckedAsync("--zone=trusted", "--list-all")).StdOut), Is.Empty, "the reload dropped our runtime state");
        var again = await reconciler.ApplyAsync(await reconciler.PlanAsync(CancellationToken.None), CancellationToken.None);
        Assert.Multiple(async () =>
        {
            Assert.That(again.Converged, Is.True, again.Problem);
            Assert.That(InterfacesOf((await firewalld.FirewallCmdCheckedAsync("--zone=trusted", "--list-all")).StdOut), Is.EquivalentTo(new[] { "wg0", "br0" }));
            Assert.That(reconciler.ReloadsSeen, Is.EqualTo(1));
        });

        Assert.That(await reconciler.CleanupAsync(CancellationToken.None), Is.True);
        Assert.Multiple(async () =>
        {
            Assert.That(InterfacesOf((await firewalld.FirewallCmdCheckedAsync("--zone=trusted", "--list-all")).StdOut), Is.Empty);
            Assert.That((await firewalld.FirewallCmdAsync("--zone=public", "--query-port=51820/udp")).StdOut.Trim(), Is.EqualTo("no"));
            Assert.That((await firewalld.FirewallCmdAsync("--zone=public", "--query-masquerade")).StdOut.Trim(), Is.EqualTo("no"));
            Assert.That((await firewalld.FirewallCmdAsync("--zone=public", "--query-port=22/tcp")).StdOut.Trim(), Is.EqualTo("yes"), "the admin's port stays");
        });
    }

    [Test]
    public async Task ApplyAsync_Permanent_SurvivesReloadWithoutAPass()
    {
        RequireTools("firewalld", "firewall-cmd", "dbus-daemon", "nft");
        var host = await Lab.AddHostAsync("h");
        await using var firewalld = await LabFirewalld.StartAsync(Lab, host);
        var spec = new FirewallSpec { UdpPorts = [51820], TrustedInterfaces = ["wg0"] };
        using var reconciler = Reconciler(firewalld, spec, new FirewalldOptions { Permanent = true }, null);

        var plan = await reconciler.PlanAsync(CancellationToken.None);
        var result = await reconciler.ApplyAsync(plan, CancellationToken.None);
        await firewalld.FirewallCmdCheckedAsync("--reload");
        var afterReload = await reconciler.PlanAsync(CancellationToken.None);
        Assert.Multiple(async () =>
        {
            Assert.That(result.Converged, Is.True, result.Problem);
            Assert.That(plan.Changes.Select(c => c.ToString()), Does.Contain("+ add interface wg0 in zone trusted: permanent"));
            Assert.That((await firewalld.FirewallCmdCheckedAsync("--permanent", "--zone=trusted", "--list-interfaces")).StdOut.Trim(), Is.EqualTo("wg0"));
            Assert.That((await firewalld.FirewallCmdCheckedAsync("--permanent", "--zone=public", "--list-ports")).StdOut, Does.Contain("51820/udp"));
            Assert.That(File.ReadAllText(Path.Combine(firewalld.ConfigDirectory, "zones", "trusted.xml")), Does.Contain("<interface name=\"wg0\"/>"));
            Assert.That(afterReload.IsEmpty, Is.True, "the permanent configuration brought everything back: " + string.Join("; ", afterReload.Changes));
        });
    }

    [Test]
    public async Task ApplyAsync_InterfaceInAdminZone_LeftThereAndReported()
    {
        RequireTools("firewalld", "firewall-cmd", "dbus-daemon", "nft");
        var host = await Lab.AddHostAsync("h");
        await using var firewalld = await LabFirewalld.StartAsync(Lab, host);
        await firewalld.FirewallCmdCheckedAsync("--zone=home", "--add-interface=br0");
        using var reconciler = Reconciler(firewalld, SampleSpecs.Hub with { MasqueradeInterfaces = [] }, new FirewalldOptions(), null);

        var result = await reconciler.ApplyAsync(await reconciler.PlanAsync(CancellationToken.None), CancellationToken.None);
        Assert.Multiple(async () =>
        {
            Assert.That(result.Converged, Is.True, result.Problem);
            Assert.That((await firewalld.FirewallCmdCheckedAsync("--get-zone-of-interface=br0")).StdOut.Trim(), Is.EqualTo("home"));
            Assert.That((await firewalld.FirewallCmdCheckedAsync("--get-zone-of-interface=wg0")).StdOut.Trim(), Is.EqualTo("trusted"));
            Assert.That(reconciler.Notices, Has.Some.StartsWith("interface br0 is in firewalld zone home"));
        });
    }

    [Test]
    public async Task IsRunningAsync_NameOwnedOnBus_TrueAndFalseWithoutIt()
    {
        RequireTools("firewalld", "firewall-cmd", "dbus-daemon", "nft");
        var host = await Lab.AddHostAsync("h");
        var firewalld = await LabFirewalld.StartAsync(Lab, host);
        var address = firewalld.BusAddress;
        Assert.That(await FirewalldDBusClient.IsRunningAsync(address, CancellationToken.None), Is.True);
        await firewalld.DisposeAsync();
        Assert.That(await FirewalldDBusClient.IsRunningAsync(address, CancellationToken.None), Is.False, "no bus at all: not running");
    }

    private FirewalldReconciler Reconciler(LabFirewalld firewalld, FirewallSpec spec, FirewalldOptions options, Action<string>? trigger) => new(
        async ct => await FirewalldDBusClient.ConnectAsync(firewalld.BusAddress, ct),
        () => spec,
        options,
        new FirewalldRecord(Path.Combine(Lab.Directory, "state", FirewalldRecord.FileName)),
        trigger);

    private static string[] InterfacesOf(string listAll) =>
        listAll.Split('\n').Single(line => line.TrimStart().StartsWith("interfaces:", StringComparison.Ordinal))
            .Split(':', 2)[1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
}
