using MeshAgent.Firewall.Nftables;
using MeshAgent.Firewall.Rules;
using NUnit.Framework;

namespace MeshAgent.Firewall.Tests;

public sealed class NftablesReconcilerTests
{
    [Test]
    public async Task ApplyAsync_Twice_SecondPlanIsEmpty()
    {
        var nft = new FakeNft();
        var reconciler = new NftablesReconciler(nft, () => SampleSpecs.Hub);
        var plan = await reconciler.PlanAsync(CancellationToken.None);
        Assert.That(plan.Changes[0].ToString(), Is.EqualTo("+ add table inet meshagent: replaced in one transaction"));
        var result = await reconciler.ApplyAsync(plan, CancellationToken.None);
        Assert.That(result.Converged, Is.True);
        Assert.That((await reconciler.PlanAsync(CancellationToken.None)).IsEmpty, Is.True);
        Assert.That(nft.Applied, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task ApplyAsync_NftRefuses_ThrowsAndKeepsPrevious()
    {
        var nft = new FakeNft();
        var spec = SampleSpecs.Spoke;
        var reconciler = new NftablesReconciler(nft, () => spec);
        await reconciler.ApplyAsync(await reconciler.PlanAsync(CancellationToken.None), CancellationToken.None);
        var before = nft.Digest;
        spec = SampleSpecs.Hub;
        nft.Refuse = true;
        Assert.ThrowsAsync<FirewallException>(async () => await reconciler.ApplyAsync(await reconciler.PlanAsync(CancellationToken.None), CancellationToken.None));
        Assert.That(nft.Digest, Is.EqualTo(before));
    }

    [Test]
    public async Task PlanAsync_ForeignDropChain_ReportsTheRuleToAdd()
    {
        var nft = new FakeNft { ForeignDropInput = true };
        var reconciler = new NftablesReconciler(nft, () => SampleSpecs.Spoke);
        await reconciler.PlanAsync(CancellationToken.None);
        Assert.That(reconciler.Notices, Is.EqualTo(new[]
        {
            "table inet filter chain input (hook input, policy drop) drops what we accept: add 'nft insert rule inet filter input udp dport 51820 accept'",
        }));
    }

    [Test]
    public void Notice_NothingAcceptedAtHook_IsNull()
    {
        var chain = new ForeignDropChain("inet", "filter", "input", "input");
        Assert.That(NftablesReconciler.Notice(chain, new FirewallSpec { TcpPorts = [22] }), Is.Null);
        Assert.That(NftablesReconciler.Notice(chain with { Hook = "forward" }, SampleSpecs.Spoke), Is.Null);
        Assert.That(
            NftablesReconciler.Notice(chain with { Chain = "FORWARD", Hook = "forward" }, SampleSpecs.Hub),
            Does.EndWith("add 'nft insert rule inet filter FORWARD iifname { \"wg0\", \"br0\" } oifname { \"wg0\", \"br0\" } accept'"));
    }

    [Test]
    public async Task CleanupAsync_DeletesOnlyOurTable()
    {
        var nft = new FakeNft();
        var reconciler = new NftablesReconciler(nft, () => SampleSpecs.Spoke);
        Assert.That(await reconciler.CleanupAsync(CancellationToken.None), Is.False);
        await reconciler.ApplyAsync(await reconciler.PlanAsync(CancellationToken.None), CancellationToken.None);
        Assert.That(await reconciler.CleanupAsync(CancellationToken.None), Is.True);
        Assert.That(nft.Digest, Is.Null);
        Assert.That(nft.Applied[^1], Is.EqualTo(NftRulesetRenderer.Removal()));
    }

    /// <summary>nft as a digest store: applies our transaction text by reading its comment back.</summary>
    private sealed class FakeNft : INftCommand
    {
        public string? Digest { get; private set; }

        public bool Refuse { get; set; }

        public bool ForeignDropInput { get; init; }

        public List<string> Applied { get; } = [];

        public Task<NftResult> RunAsync(IReadOnlyList<string> arguments, string? standardInput, CancellationToken cancellationToken)
        {
            if (arguments[0] == "-f")
            {
                if (Refuse)
                {
                    return Task.FromResult(new NftResult(1, string.Empty, "Error: syntax error"));
                }

                Applied.Add(standardInput!);
                var marker = "comment \"" + NftRulesetRenderer.DigestPrefix;
                var at = standardInput!.IndexOf(marker, StringComparison.Ordinal);
                Digest = at < 0 ? null : standardInput[(at + marker.Length)..standardInput.IndexOf('"', at + marker.Length)];
                return Task.FromResult(new NftResult(0, string.Empty, string.Empty));
            }

            if (arguments[0] == "list")
            {
                return Task.FromResult(Digest is null
                    ? new NftResult(1, string.Empty, "Error: No such file or directory")
                    : new NftResult(0, "table inet meshagent {\n\tcomment \"meshagent " + Digest + "\"\n}\n", string.Empty));
            }

            var items = new List<string> { """{"metainfo": {"version": "1.0.6"}}""" };
            if (ForeignDropInput)
            {
                items.Add("""{"chain": {"family": "inet", "table": "filter", "name": "input", "type": "filter", "hook": "input", "prio": 0, "policy": "drop"}}""");
            }

            return Task.FromResult(new NftResult(0, "{\"nftables\": [" + string.Join(',', items) + "]}", string.Empty));
        }
    }
}
