using System.Globalization;
using MeshAgent.Core.Reconciliation;
using MeshAgent.Firewall.Rules;

namespace MeshAgent.Firewall.Nftables;

/// <summary>
/// The nftables backend: one table of our own (<c>inet meshagent</c>) replaced in one transaction; nothing else
/// is flushed or edited. An admin's default-drop base chain is reported (plan, status) with the rule they would
/// add, never changed. Not thread-safe: the reconcile loop serialises calls.
/// </summary>
/// <param name="nft">Runs nft.</param>
/// <param name="desired">The current desired rules, read on every pass (a reload changes them).</param>
/// <param name="time">Clock of <see cref="LastApply"/>; null is the system clock.</param>
public sealed class NftablesReconciler(INftCommand nft, Func<FirewallSpec> desired, TimeProvider? time = null) : IFirewallReconciler
{
    private const string TableName = NftRulesetRenderer.Family + " " + NftRulesetRenderer.Table;

    /// <inheritdoc />
    public string Subsystem => "firewall";

    /// <summary>The backend's name for metrics and status.</summary>
    public const string BackendName = "nftables";

    /// <inheritdoc />
    public string Backend => BackendName;

    /// <summary>What the last plan found in other tables, one human line each with the rule to add; empty when nothing blocks us.</summary>
    public IReadOnlyList<string> Notices { get; private set; } = [];

    /// <summary>True when the last read-back found our table as desired.</summary>
    public bool InSync { get; private set; }

    /// <summary>Rules in our table as last planned or applied.</summary>
    public int RuleCount { get; private set; }

    /// <summary>When a transaction last succeeded; null before the first.</summary>
    public DateTimeOffset? LastApply { get; private set; }

    /// <inheritdoc />
    public async Task<ReconcilePlan> PlanAsync(CancellationToken cancellationToken)
    {
        var spec = desired();
        var actual = await ReadAsync(cancellationToken);
        Notices = actual.DropChains.Select(chain => Notice(chain, spec)).OfType<string>().ToList();
        InSync = actual.OurDigest == NftRulesetRenderer.Digest(spec);
        RuleCount = InSync ? NftRulesetRenderer.Rules(spec).Count : RuleCount;
        if (InSync)
        {
            return ReconcilePlan.Empty(Subsystem);
        }

        var changes = new List<PlannedChange>
        {
            new(actual.OurDigest is null ? ChangeKind.Add : ChangeKind.Update, "table " + TableName, "replaced in one transaction"),
        };
        changes.AddRange(NftRulesetRenderer.Rules(spec).Select(rule => new PlannedChange(ChangeKind.Add, "rule", rule)));
        return new ReconcilePlan(Subsystem, changes);
    }

    /// <inheritdoc />
    public async Task<ReconcileResult> ApplyAsync(ReconcilePlan plan, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        if (plan.IsEmpty)
        {
            return new ReconcileResult(Subsystem, [], true, null);
        }

        var spec = desired();
        var result = await nft.RunAsync(["-f", "-"], NftRulesetRenderer.Transaction(spec), cancellationToken);
        if (result.ExitCode != 0)
        {
            // nft applies a file as one transaction: on failure the previous table is still in force.
            throw new FirewallException($"nft -f refused our table (previous rules stay): {result.StandardError.Trim()}");
        }

        LastApply = (time ?? TimeProvider.System).GetUtcNow();
        RuleCount = NftRulesetRenderer.Rules(spec).Count;
        var after = await ReadAsync(cancellationToken);
        InSync = after.OurDigest == NftRulesetRenderer.Digest(spec);
        return new ReconcileResult(Subsystem, plan.Changes, InSync, InSync ? null : "read-back: table inet meshagent differs from what was applied");
    }

    /// <summary>Deletes our table and nothing else; true when there was one.</summary>
    public async Task<bool> CleanupAsync(CancellationToken cancellationToken)
    {
        var before = await ReadAsync(cancellationToken);
        if (before.OurDigest is null)
        {
            return false;
        }

        var result = await nft.RunAsync(["-f", "-"], NftRulesetRenderer.Removal(), cancellationToken);
        return result.ExitCode == 0 ? true : throw new FirewallException($"nft could not delete table {TableName}: {result.StandardError.Trim()}");
    }

    /// <summary>
    /// The one rule an admin adds to their default-drop chain so our traffic passes; null when we accept nothing
    /// at that hook (then their drop costs us nothing).
    /// </summary>
    internal static string? Notice(ForeignDropChain chain, FirewallSpec spec)
    {
        var match = chain.Hook switch
        {
            "forward" when spec.ForwardInterfaces.Count > 0 => $"iifname {Set(spec.ForwardInterfaces)} oifname {Set(spec.ForwardInterfaces)} accept",
            "input" when spec.UdpPorts.Count > 0 => $"udp dport {(spec.UdpPorts.Count == 1 ? spec.UdpPorts[0].ToString(CultureInfo.InvariantCulture) : "{ " + string.Join(", ", spec.UdpPorts) + " }")} accept",
            "input" when spec.TrustedInterfaces.Count > 0 => $"iifname {Set(spec.TrustedInterfaces)} accept",
            _ => null,
        };
        return match is null
            ? null
            : $"table {chain.Family} {chain.Table} chain {chain.Chain} (hook {chain.Hook}, policy drop) drops what we accept: "
                + $"add 'nft insert rule {chain.Family} {chain.Table} {chain.Chain} {match}'";
    }

    private static string Set(IReadOnlyList<string> names) => "{ " + string.Join(", ", names.Select(n => $"\"{n}\"")) + " }";

    private async Task<NftRuleset> ReadAsync(CancellationToken cancellationToken)
    {
        var result = await nft.RunAsync(["-j", "list", "ruleset"], null, cancellationToken);
        if (result.ExitCode != 0)
        {
            throw new FirewallException($"nft -j list ruleset failed: {result.StandardError.Trim()}");
        }

        var ours = await nft.RunAsync(["list", "table", NftRulesetRenderer.Family, NftRulesetRenderer.Table], null, cancellationToken);
        return NftRuleset.Parse(result.StandardOutput, ours.ExitCode == 0 ? ours.StandardOutput : null);
    }
}
