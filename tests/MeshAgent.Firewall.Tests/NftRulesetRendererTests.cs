using MeshAgent.Firewall.Nftables;
using NUnit.Framework;

namespace MeshAgent.Firewall.Tests;

public sealed class NftRulesetRendererTests
{
    [Test]
    public void Transaction_Spoke_ReplacesOnlyOurTable()
    {
        var text = NftRulesetRenderer.Transaction(SampleSpecs.Spoke);
        var lines = text.Split('\n');
        Assert.Multiple(() =>
        {
            Assert.That(lines[0], Is.EqualTo("table inet meshagent"));
            Assert.That(lines[1], Is.EqualTo("delete table inet meshagent"));
            Assert.That(lines.Where(l => l.StartsWith("table ", StringComparison.Ordinal) || l.StartsWith("delete ", StringComparison.Ordinal)), Has.All.Contains("inet meshagent"));
            Assert.That(text, Does.Not.Contain("flush"));
            Assert.That(text, Does.Contain("policy accept"));
            Assert.That(text, Does.Not.Contain("policy drop"));
        });
    }

    [Test]
    public void Rules_Hub_AcceptsPortsTrustsForwardsMasqueradesClamps()
    {
        var rules = NftRulesetRenderer.Rules(SampleSpecs.Hub);
        Assert.That(rules, Is.SupersetOf(new[]
        {
            "chain input: type filter hook input priority filter - 10; policy drop",
            "chain input: ct state established,related accept",
            "chain input: udp dport 51820 accept",
            "chain input: tcp dport 22 accept",
            "chain input: iifname { \"wg0\", \"br0\" } accept",
            "chain forward: iifname { \"wg0\", \"br0\" } oifname { \"wg0\", \"br0\" } accept",
            "chain postrouting: oifname { \"wan0\" } ip saddr { 10.10.10.0/24, 10.10.11.0/24 } masquerade",
            "chain output: oifname \"wg0\" tcp flags syn / syn,rst counter tcp option maxseg size set rt mtu",
        }));
    }

    [Test]
    public void Digest_DifferentSpecs_Differ()
    {
        Assert.That(NftRulesetRenderer.Digest(SampleSpecs.Hub), Is.Not.EqualTo(NftRulesetRenderer.Digest(SampleSpecs.Spoke)));
        Assert.That(NftRulesetRenderer.Digest(SampleSpecs.Hub), Is.EqualTo(NftRulesetRenderer.Digest(SampleSpecs.Hub with { })));
    }
}
