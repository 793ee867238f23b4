using System.Globalization;
using System.Text.RegularExpressions;

namespace MeshAgent.Cli.Doctor.Checks;

/// <summary>
/// When our firewall section is off, a host ruleset whose input chain drops by default must accept the WireGuard
/// port, or no peer ever completes a handshake with this node.
/// </summary>
internal sealed partial class FirewallPortCheck : IDoctorCheck
{
    public string Name => "firewall-port";

    public DoctorResult Run(DoctorFacts facts)
    {
        if (facts.Config?.Mesh is not { } mesh)
        {
            return DoctorResult.Skipped(Name, "No mesh section.");
        }

        if (facts.Config.Firewall is not null)
        {
            return DoctorResult.Skipped(Name, "Our firewall section opens the WireGuard port itself.");
        }

        if (facts.NftRuleset is not { } ruleset)
        {
            return DoctorResult.Skipped(Name, "nft is not available, so the ruleset was not read.");
        }

        var port = mesh.ListenPort.ToString(CultureInfo.InvariantCulture);
        foreach (var chain in InputChains(ruleset))
        {
            var accepts = chain.Rules.Any(r => Mentions(r, port) && r.Contains("accept", StringComparison.Ordinal));
            var drops = chain.Rules.Any(r => Mentions(r, port) && (r.Contains("drop", StringComparison.Ordinal) || r.Contains("reject", StringComparison.Ordinal)));
            if (drops || (chain.PolicyDrop && !accepts))
            {
                return DoctorResult.Fail(Name, $"The nftables chain {chain.Name} drops UDP port {port} (WireGuard); add `udp dport {port} accept` to it or turn on our firewall section.");
            }
        }

        return DoctorResult.Ok(Name, $"No input chain drops UDP port {port}.");
    }

    private static bool Mentions(string rule, string port) =>
        rule.Contains("udp", StringComparison.Ordinal) && Regex.IsMatch(rule, $@"dport\s+(\{{[^}}]*\b{port}\b[^}}]*\}}|{port}\b)");

    /// <summary>The base chains hooked at input, with their policy and rule lines, from `nft list ruleset` text.</summary>
    internal static List<(string Name, bool PolicyDrop, List<string> Rules)> InputChains(string ruleset)
    {
        var chains = new List<(string, bool, List<string>)>();
        string? table = null;
        (string Name, bool Input, bool Drop, List<string> Rules)? chain = null;
        foreach (var raw in ruleset.Split('\n'))
        {
            var line = raw.Trim();
            if (TableLine().Match(line) is { Success: true } t)
            {
                table = t.Groups[1].Value;
            }
            else if (ChainLine().Match(line) is { Success: true } c)
            {
                chain = ($"{table} {c.Groups[1].Value}", false, false, []);
            }
            else if (chain is { } open && line.StartsWith("type filter hook input", StringComparison.Ordinal))
            {
                chain = open with { Input = true, Drop = line.Contains("policy drop", StringComparison.Ordinal) };
            }
            else if (chain is { } current && line == "}")
            {
                if (current.Input)
                {
                    chains.Add((current.Name, current.Drop, current.Rules));
                }

                chain = null;
            }
            else if (chain is { } withRule && line.Length > 0)
            {
                withRule.Rules.Add(line);
            }
        }

        return chains;
    }

    [GeneratedRegex(@"^table\s+(\S+\s+\S+)\s*\{$")]
    private static partial Regex TableLine();

    [GeneratedRegex(@"^chain\s+(\S+)\s*\{$")]
    private static partial Regex ChainLine();
}
