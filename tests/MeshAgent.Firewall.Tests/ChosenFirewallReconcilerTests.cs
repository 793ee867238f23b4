using MeshAgent.Core.Reconciliation;
using MeshAgent.Firewall.Firewalld;
using NUnit.Framework;

namespace MeshAgent.Firewall.Tests;

public sealed class ChosenFirewallReconcilerTests
{
    [TestCase(true, "firewalld")]
    [TestCase(false, "nftables")]
    public async Task PlanAsync_FirstPass_ChoosesOnceByWhetherFirewalldRuns(bool running, string expected)
    {
        var asked = 0;
        using var chosen = new ChosenFirewallReconciler(
            _ =>
            {
                asked++;
                return Task.FromResult(running);
            },
            () => new Named("firewalld"),
            () => new Named("nftables"));
        Assert.That(chosen.Backend, Is.EqualTo("undecided"));
        await chosen.PlanAsync(CancellationToken.None);
        await chosen.PlanAsync(CancellationToken.None);
        Assert.Multiple(() =>
        {
            Assert.That(chosen.Backend, Is.EqualTo(expected));
            Assert.That(asked, Is.EqualTo(1), "chosen for the daemon's lifetime");
        });
    }

    [Test]
    public async Task IsRunningAsync_NoBusAtTheAddress_False()
    {
        var address = "unix:path=" + Path.Combine(Path.GetTempPath(), "meshagent-no-bus-" + Guid.NewGuid().ToString("N"), "bus.sock");
        Assert.That(await FirewalldDBusClient.IsRunningAsync(address, CancellationToken.None), Is.False);
    }

    private sealed class Named(string backend) : IFirewallReconciler
    {
        public string Subsystem => "firewall";

        public string Backend => backend;

        public bool InSync => true;

        public int RuleCount => 0;

        public DateTimeOffset? LastApply => null;

        public IReadOnlyList<string> Notices => [];

        public Task<ReconcilePlan> PlanAsync(CancellationToken cancellationToken) => Task.FromResult(ReconcilePlan.Empty(Subsystem));

        public Task<ReconcileResult> ApplyAsync(ReconcilePlan plan, CancellationToken cancellationToken) => Task.FromResult(new ReconcileResult(Subsystem, [], true, null));

        public Task<bool> CleanupAsync(CancellationToken cancellationToken) => Task.FromResult(false);
    }
}
