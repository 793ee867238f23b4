using MeshAgent.Firewall.Nftables;
using NUnit.Framework;

namespace MeshAgent.Firewall.Tests;

public sealed class NftRulesetTests
{
    private const string Listing = """
        {"nftables": [{"metainfo": {"version": "1.0.6", "release_name": "Lester Gooch #5", "json_schema_version": 1}},
        {"table": {"family": "inet", "name": "filter", "handle": 1}},
        {"chain": {"family": "inet", "table": "filter", "name": "input", "handle": 1, "type": "filter", "hook": "input", "prio": 0, "policy": "drop"}},
        {"chain": {"family": "inet", "table": "filter", "name": "output", "handle": 2, "type": "filter", "hook": "output", "prio": 0, "policy": "drop"}},
        {"table": {"family": "inet", "name": "meshagent", "handle": 2, "comment": "meshagent 0123456789abcdef"}},
        {"chain": {"family": "inet", "table": "meshagent", "name": "input", "handle": 1, "type": "filter", "hook": "input", "prio": -10, "policy": "drop"}}]}
        """;

    [Test]
    public void Parse_Listing_FindsOurDigestAndForeignDropChains()
    {
        var ruleset = NftRuleset.Parse(Listing, "table inet meshagent {\n\tcomment \"meshagent 0123456789abcdef\"\n}\n");
        Assert.That(ruleset.OurDigest, Is.EqualTo("0123456789abcdef"));
        Assert.That(ruleset.DropChains, Is.EqualTo(new[] { new ForeignDropChain("inet", "filter", "input", "input") }));
    }

    [Test]
    public void Parse_NoTable_DigestIsNull()
    {
        Assert.That(NftRuleset.Parse("""{"nftables": [{"metainfo": {"version": "1.0.6"}}]}""", null).OurDigest, Is.Null);
    }

    [Test]
    public void Parse_Malformed_ThrowsFirewallException()
    {
        Assert.Throws<FirewallException>(() => NftRuleset.Parse("{\"tables\": 1}", null));
        Assert.Throws<FirewallException>(() => NftRuleset.Parse("not json", null));
    }
}
