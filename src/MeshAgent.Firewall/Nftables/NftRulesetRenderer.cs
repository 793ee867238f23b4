using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using MeshAgent.Firewall.Rules;

namespace MeshAgent.Firewall.Nftables;

/// <summary>
/// Renders a <see cref="FirewallSpec"/> into one <c>nft -f</c> transaction that replaces our table and touches
/// nothing else. Pure. The table's comment carries a digest of the rendered rules, so the read-back compares
/// one string instead of re-parsing nft's normalised listing.
/// </summary>
public static class NftRulesetRenderer
{
    /// <summary>Our table's family.</summary>
    public const string Family = "inet";

    /// <summary>Our table's name.</summary>
    public const string Table = "meshagent";

    /// <summary>The comment prefix before the digest.</summary>
    public const string DigestPrefix = "meshagent ";

    // Before the usual filter priority (0) so our accepts and MSS clamp run first; a drop in another table's
    // base chain at the same hook still wins (nftables evaluates every base chain), which the plan reports.
    private const string FilterPriority = "filter - 10";

    /// <summary>The rule lines of each chain, in order: what the plan prints and the digest covers.</summary>
    public static IReadOnlyList<string> Rules(FirewallSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var lines = new List<string>();
        lines.Add($"chain input: type filter hook input priority {FilterPriority}; policy {(spec.DropOtherInput ? "drop" : "accept")}");
        if (spec.DropOtherInput)
        {
            lines.Add("chain input: ct state established,related accept");
            lines.Add("chain input: ct state invalid drop");
            lines.Add("chain input: iifname \"lo\" accept");
            lines.Add("chain input: meta l4proto { icmp, ipv6-icmp } accept");
        }

        foreach (var port in spec.UdpPorts.Distinct().Order())
        {
            lines.Add(Invariant($"chain input: udp dport {port} accept"));
        }

        foreach (var port in spec.TcpPorts.Distinct().Order())
        {
            lines.Add(Invariant($"chain input: tcp dport {port} accept"));
        }

        if (spec.TrustedInterfaces.Count > 0)
        {
            lines.Add($"chain input: iifname {Set(spec.TrustedInterfaces)} accept");
        }

        lines.Add($"chain forward: type filter hook forward priority {FilterPriority}; policy accept");
        if (spec.MssClampInterface is { } clamp)
        {
            lines.Add($"chain forward: oifname {Quote(clamp)} tcp flags syn / syn,rst counter tcp option maxseg size set rt mtu");
            lines.Add($"chain forward: iifname {Quote(clamp)} tcp flags syn / syn,rst counter tcp option maxseg size set rt mtu");
        }

        if (spec.ForwardInterfaces.Count > 0)
        {
            lines.Add($"chain forward: iifname {Set(spec.ForwardInterfaces)} oifname {Set(spec.ForwardInterfaces)} accept");
        }

        if (spec.MasqueradeInterfaces.Count > 0 && spec.MasqueradeSources.Count > 0)
        {
            lines.Add("chain forward: ct state established,related accept");
            lines.Add($"chain forward: oifname {Set(spec.MasqueradeInterfaces)} {SourceMatch(spec.MasqueradeSources)} accept");
            lines.Add("chain postrouting: type nat hook postrouting priority srcnat; policy accept");
            lines.Add($"chain postrouting: oifname {Set(spec.MasqueradeInterfaces)} {SourceMatch(spec.MasqueradeSources)} masquerade");
        }

        if (spec.MssClampInterface is { } local)
        {
            // Locally originated SYNs never cross the forward hook.
            lines.Add($"chain output: type filter hook output priority {FilterPriority}; policy accept");
            lines.Add($"chain output: oifname {Quote(local)} tcp flags syn / syn,rst counter tcp option maxseg size set rt mtu");
        }

        return lines;
    }

    /// <summary>The digest of <see cref="Rules"/> stored in the table comment.</summary>
    public static string Digest(FirewallSpec spec) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n', Rules(spec)))))[..16];

    /// <summary>
    /// The whole transaction for <c>nft -f -</c>: create-if-absent, delete, define. nft applies a file as one
    /// transaction, so either the new table is in force or the old one still is.
    /// </summary>
    public static string Transaction(FirewallSpec spec)
    {
        var text = new StringBuilder();
        text.Append($"table {Family} {Table}\n");
        text.Append($"delete table {Family} {Table}\n");
        text.Append($"table {Family} {Table} {{\n");
        text.Append($"\tcomment \"{DigestPrefix}{Digest(spec)}\"\n");
        foreach (var chain in Rules(spec).GroupBy(ChainOf))
        {
            text.Append($"\tchain {chain.Key} {{\n");
            foreach (var line in chain)
            {
                var body = line[(line.IndexOf(": ", StringComparison.Ordinal) + 2)..];
                text.Append($"\t\t{body}\n");
            }

            text.Append("\t}\n");
        }

        text.Append("}\n");
        return text.ToString();
    }

    /// <summary>The transaction that removes our table, and only it, whether or not it exists.</summary>
    public static string Removal() => $"table {Family} {Table}\ndelete table {Family} {Table}\n";

    private static string ChainOf(string line) => line["chain ".Length..line.IndexOf(':', StringComparison.Ordinal)];

    private static string SourceMatch(IReadOnlyList<string> sources)
    {
        var v4 = sources.Where(s => !s.Contains(':', StringComparison.Ordinal)).ToList();
        var v6 = sources.Where(s => s.Contains(':', StringComparison.Ordinal)).ToList();
        if (v6.Count == 0)
        {
            return $"ip saddr {{ {string.Join(", ", v4)} }}";
        }

        return v4.Count == 0 ? $"ip6 saddr {{ {string.Join(", ", v6)} }}" : $"ip saddr {{ {string.Join(", ", v4)} }}";
    }

    private static string Set(IReadOnlyList<string> names) => "{ " + string.Join(", ", names.Distinct().Select(Quote)) + " }";

    private static string Quote(string name) => "\"" + name + "\"";

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
