namespace MeshAgent.Core.Api;

/// <summary>The host firewall as the daemon reports it.</summary>
/// <param name="Backend">"nftables".</param>
/// <param name="InSync">True when the last read-back matched the desired rules.</param>
/// <param name="Rules">Rules in our table.</param>
/// <param name="LastApply">When rules were last applied; null before the first time.</param>
/// <param name="Notices">What other tables do that blocks us, each with the one rule the admin would add.</param>
public sealed record FirewallStatus(string Backend, bool InSync, int Rules, DateTimeOffset? LastApply, IReadOnlyList<string> Notices);
