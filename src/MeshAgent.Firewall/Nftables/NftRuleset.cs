using System.Text.Json;

namespace MeshAgent.Firewall.Nftables;

/// <summary>A base chain of another table that drops by default at a hook where we accept.</summary>
/// <param name="Family">Table family: "inet", "ip", "ip6".</param>
/// <param name="Table">The admin's table.</param>
/// <param name="Chain">The base chain.</param>
/// <param name="Hook">"input" or "forward".</param>
public sealed record ForeignDropChain(string Family, string Table, string Chain, string Hook);

/// <summary>What <c>nft -j list ruleset</c> says about us and about others. Parsed, never edited.</summary>
/// <param name="OurDigest">The digest in our table's comment; null when our table is absent, "" when it has no digest.</param>
/// <param name="DropChains">Other tables' input/forward base chains with policy drop.</param>
public sealed record NftRuleset(string? OurDigest, IReadOnlyList<ForeignDropChain> DropChains)
{
    /// <summary>
    /// Parses nft's JSON listing and our table's text listing (null when <c>nft list table inet meshagent</c>
    /// failed: no table). nft 1.0.6 leaves table comments out of its JSON, hence the text for the digest.
    /// Throws <see cref="FirewallException"/> on malformed JSON.
    /// </summary>
    public static NftRuleset Parse(string json, string? ourTable)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            var digest = ourTable is null ? null : DigestOf(ourTable);
            var drops = new List<ForeignDropChain>();
            foreach (var item in document.RootElement.GetProperty("nftables").EnumerateArray())
            {
                if (item.TryGetProperty("chain", out var chain)
                    && !(Text(chain, "family") == NftRulesetRenderer.Family && Text(chain, "table") == NftRulesetRenderer.Table)
                    && Text(chain, "hook") is "input" or "forward"
                    && Text(chain, "type") == "filter"
                    && Text(chain, "policy") == "drop")
                {
                    drops.Add(new ForeignDropChain(Text(chain, "family")!, Text(chain, "table")!, Text(chain, "name")!, Text(chain, "hook")!));
                }
            }

            return new NftRuleset(digest, drops);
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new FirewallException("nft -j list ruleset printed what is not nftables JSON: " + ex.Message, ex);
        }
    }

    private static string DigestOf(string listing)
    {
        const string Marker = "comment \"" + NftRulesetRenderer.DigestPrefix;
        var at = listing.IndexOf(Marker, StringComparison.Ordinal);
        var end = at < 0 ? -1 : listing.IndexOf('"', at + Marker.Length);
        return end < 0 ? string.Empty : listing[(at + Marker.Length)..end];
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
