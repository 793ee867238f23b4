using MeshAgent.Core.Reconciliation;

namespace MeshAgent.Core.Tests.Reconciliation;

public sealed class SysctlReconcilerTests
{
    private string _root = string.Empty;

    [SetUp]
    public void CreateFakeProcSys()
    {
        _root = Directory.CreateTempSubdirectory("meshagent-sysctl-").FullName;
        Write("net/ipv4/ip_forward", "0\n");
        Write("net/ipv4/conf/all/rp_filter", "1\n");
    }

    [TearDown]
    public void Remove() => Directory.Delete(_root, recursive: true);

    [Test]
    public async Task ApplyAsync_Differences_WrittenAndSecondPlanEmpty()
    {
        var reconciler = Reconciler(new() { ["net.ipv4.ip_forward"] = "1", ["net.ipv4.conf.all.rp_filter"] = "2" });

        var plan = await reconciler.PlanAsync(CancellationToken.None);
        var result = await reconciler.ApplyAsync(plan, CancellationToken.None);
        var again = await reconciler.PlanAsync(CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(plan.Changes.Select(c => c.ToString()), Is.EqualTo(new[]
            {
                "~ update net.ipv4.conf.all.rp_filter: 1 -> 2",
                "~ update net.ipv4.ip_forward: 0 -> 1",
            }));
            Assert.That(result.Converged, Is.True);
            Assert.That(File.ReadAllText(Path.Combine(_root, "net/ipv4/ip_forward")), Is.EqualTo("1\n"));
            Assert.That(again.IsEmpty, Is.True);
        });
    }

    [Test]
    public async Task PlanAsync_MissingKeyWantedOff_Satisfied()
    {
        var reconciler = Reconciler(new() { ["net.bridge.bridge-nf-call-iptables"] = "0" });

        Assert.That((await reconciler.PlanAsync(CancellationToken.None)).IsEmpty, Is.True);
    }

    [Test]
    public async Task ApplyAsync_MissingKeyWantedOn_NotConvergedWithProblem()
    {
        var reconciler = Reconciler(new() { ["net.ipv6.conf.all.forwarding"] = "1", ["net.ipv4.ip_forward"] = "1" });

        var result = await reconciler.ApplyAsync(await reconciler.PlanAsync(CancellationToken.None), CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(result.Converged, Is.False);
            Assert.That(result.Problem, Does.Contain("net.ipv6.conf.all.forwarding"));
            Assert.That(File.ReadAllText(Path.Combine(_root, "net/ipv4/ip_forward")), Is.EqualTo("1\n"), "the other setting is still applied");
        });
    }

    [Test]
    public void PlanAsync_KeyEscapingRoot_Rejected()
    {
        var reconciler = Reconciler(new() { ["net/../../etc/passwd"] = "1" });

        Assert.That(() => reconciler.PlanAsync(CancellationToken.None), Throws.ArgumentException);
    }

    private SysctlReconciler Reconciler(Dictionary<string, string> desired) => new(() => desired, _root);

    private void Write(string relative, string value)
    {
        var path = Path.Combine(_root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, value);
    }
}
