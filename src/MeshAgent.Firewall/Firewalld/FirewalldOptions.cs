namespace MeshAgent.Firewall.Firewalld;

/// <summary>How the firewalld backend places our settings.</summary>
public sealed record FirewalldOptions
{
    /// <summary>The zone our interfaces (wg0, br0) go into; "trusted" (target ACCEPT, forwarding on) as the seed does.</summary>
    public string Zone { get; init; } = "trusted";

    /// <summary>Also write the settings into the permanent configuration (zone files), not only the runtime.</summary>
    public bool Permanent { get; init; }
}
