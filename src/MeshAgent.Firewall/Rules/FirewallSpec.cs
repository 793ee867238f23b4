namespace MeshAgent.Firewall.Rules;

/// <summary>
/// What the host firewall must allow, as pure data (built from the config and the mesh's desired state).
/// Interfaces are matched by name, never by index: indexes change when wg0 is re-created.
/// </summary>
public sealed record FirewallSpec
{
    /// <summary>UDP ports accepted on every interface (the WireGuard listen port on the underlay).</summary>
    public IReadOnlyList<int> UdpPorts { get; init; } = [];

    /// <summary>TCP ports accepted on every interface (the join listener on hubs; SSH when other input is dropped).</summary>
    public IReadOnlyList<int> TcpPorts { get; init; } = [];

    /// <summary>Interfaces whose input is accepted wholesale (wg0, br0), as the seed installer trusts them.</summary>
    public IReadOnlyList<string> TrustedInterfaces { get; init; } = [];

    /// <summary>Interfaces between which forwarding is accepted (a hub relays spoke to spoke); empty: no forward rules.</summary>
    public IReadOnlyList<string> ForwardInterfaces { get; init; } = [];

    /// <summary>WAN interfaces out of which <see cref="MasqueradeSources"/> are masqueraded; empty: no masquerade.</summary>
    public IReadOnlyList<string> MasqueradeInterfaces { get; init; } = [];

    /// <summary>Source prefixes masqueraded (the LAN bridge's subnet, the mesh prefix), as CIDR text.</summary>
    public IReadOnlyList<string> MasqueradeSources { get; init; } = [];

    /// <summary>The interface whose TCP SYNs get their MSS clamped to the route MTU (wg0); null: no clamping.</summary>
    public string? MssClampInterface { get; init; }

    /// <summary>
    /// When true our input chain's policy is drop (what the rules above accept, loopback, established flows and
    /// <see cref="TcpPorts"/> still pass). Off by default: nothing we add drops what was accepted before.
    /// </summary>
    public bool DropOtherInput { get; init; }
}
