using System.Net;
using MeshAgent.Core.Reconciliation;
using MeshAgent.Dnsmasq.Configuration;
using MeshAgent.Dnsmasq.Reconciliation;
using MeshAgent.Dnsmasq.Tests.Fakes;
using MeshAgent.Interop;

namespace MeshAgent.Dnsmasq.Tests;

public sealed class DnsmasqReconcilerTests
{
    [Test]
    public async Task PlanAsync_NothingYet_FilesAndStart()
    {
        await using var rig = new SupervisorRig();
        var reconciler = new DnsmasqReconciler(rig.Supervisor, () => rig.Options);

        var plan = await reconciler.PlanAsync(CancellationToken.None);

        Assert.That(plan.Changes.Select(c => c.Kind), Is.EqualTo(new List<ChangeKind> { ChangeKind.Add, ChangeKind.Add, ChangeKind.Add, ChangeKind.Add }));
        Assert.That(plan.Changes[^1].ToString(), Is.EqualTo("+ add process dnsmasq: start /usr/sbin/dnsmasq"));
        Assert.That(rig.Launcher.Started, Is.Empty, "planning changes nothing");
    }

    [Test]
    public async Task ApplyAsync_Twice_SecondPlanEmpty()
    {
        await using var rig = new SupervisorRig();
        var reconciler = new DnsmasqReconciler(rig.Supervisor, () => rig.Options);

        var result = await reconciler.ApplyAsync(await reconciler.PlanAsync(CancellationToken.None), CancellationToken.None);
        var again = await reconciler.PlanAsync(CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(result.Converged, Is.True, result.Problem);
            Assert.That(again.IsEmpty, Is.True, string.Join("; ", again.Changes));
            Assert.That(rig.Launcher.Started, Has.Count.EqualTo(1));
        });
    }

    [Test]
    public async Task PlanAsync_MeshHostAdded_UpdateFileAndReload()
    {
        await using var rig = new SupervisorRig();
        var options = rig.Options;
        var reconciler = new DnsmasqReconciler(rig.Supervisor, () => options);
        await reconciler.ApplyAsync(await reconciler.PlanAsync(CancellationToken.None), CancellationToken.None);
        options = options with { MeshHosts = [.. options.MeshHosts, new MeshHost("spoke-9", [IPAddress.Parse("10.10.11.9")])] };

        var plan = await reconciler.PlanAsync(CancellationToken.None);
        var result = await reconciler.ApplyAsync(plan, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(plan.Changes.Select(c => c.ToString()), Is.EqualTo(new List<string>
            {
                $"~ update file {Path.Combine(options.RuntimeDirectory, "mesh.hosts")}: 5 lines -> 6 lines",
                "! reload process dnsmasq: hosts files changed (SIGHUP)",
            }));
            Assert.That(result.Converged, Is.True, result.Problem);
            Assert.That(rig.Launcher.Last.Signals, Is.EqualTo(new List<UnixSignal> { UnixSignal.Hangup }));
        });
    }

    [Test]
    public async Task PlanAsync_DomainChanged_Restart()
    {
        await using var rig = new SupervisorRig();
        var options = rig.Options;
        var reconciler = new DnsmasqReconciler(rig.Supervisor, () => options);
        await reconciler.ApplyAsync(await reconciler.PlanAsync(CancellationToken.None), CancellationToken.None);
        options = options with { Domain = "home" };

        var plan = await reconciler.PlanAsync(CancellationToken.None);
        var result = await reconciler.ApplyAsync(plan, CancellationToken.None);
        var after = await reconciler.PlanAsync(CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(plan.Changes.Select(c => c.Kind), Is.EqualTo(new List<ChangeKind> { ChangeKind.Update, ChangeKind.Restart }));
            Assert.That(result.Converged, Is.True, result.Problem);
            Assert.That(rig.Launcher.Started, Has.Count.EqualTo(2));
            Assert.That(after.IsEmpty, Is.True);
        });
    }

    [Test]
    public async Task PlanAsync_FileEditedOnDisk_RewriteOnlyNoSignal()
    {
        await using var rig = new SupervisorRig();
        var reconciler = new DnsmasqReconciler(rig.Supervisor, () => rig.Options);
        await reconciler.ApplyAsync(await reconciler.PlanAsync(CancellationToken.None), CancellationToken.None);
        var staticHosts = Path.Combine(rig.Options.RuntimeDirectory, "static.hosts");
        await File.AppendAllTextAsync(staticHosts, "6.6.6.6 evil\n");

        var plan = await reconciler.PlanAsync(CancellationToken.None);
        var result = await reconciler.ApplyAsync(plan, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(plan.Changes.Single().ToString(), Is.EqualTo($"~ update file {staticHosts}: 3 lines -> 2 lines"));
            Assert.That(result.Converged, Is.True, result.Problem);
            Assert.That(File.ReadAllText(staticHosts), Does.Not.Contain("evil"));
            Assert.That(rig.Launcher.Last.Signals, Is.Empty);
        });
    }

    [Test]
    public async Task ApplyAsync_ProbeSilent_NotConvergedWithStatus()
    {
        await using var rig = new SupervisorRig();
        rig.Probe.Answers = false;
        var reconciler = new DnsmasqReconciler(rig.Supervisor, () => rig.Options);

        var applying = reconciler.ApplyAsync(await reconciler.PlanAsync(CancellationToken.None), CancellationToken.None);
        await Eventually.TrueAsync(() => rig.Clock.PendingDelays.Contains(DnsmasqReconciler.ReadyTimeout), "ready wait armed");

        // Advance in steps until the wait gives up: a state change can re-arm the wait just while the clock
        // moves, and a single jump would then leave the new delay a full timeout in the future.
        for (var step = 0; !applying.IsCompleted && step < 200; step++)
        {
            rig.Clock.Advance(TimeSpan.FromMilliseconds(500));
            await Task.WhenAny(applying, Task.Delay(10));
        }

        var result = await applying;

        Assert.That(result.Converged, Is.False);
        Assert.That(result.Problem, Does.StartWith("dnsmasq starting"));
    }

    [Test]
    public async Task PlanAsync_InvalidOptions_ThrowsConfigException()
    {
        await using var rig = new SupervisorRig();
        var reconciler = new DnsmasqReconciler(rig.Supervisor, () => rig.Options with { Domain = "bad\nline" });

        Assert.ThrowsAsync<DnsmasqConfigException>(() => reconciler.PlanAsync(CancellationToken.None));
    }
}
