namespace MeshAgent.Core.Configuration;

/// <summary>The host firewall (nftables table <c>inet meshagent</c>, or firewalld's zones); absent: the agent touches no firewall.</summary>
public sealed record FirewallConfig
{
    /// <summary>Which firewall to drive.</summary>
    [ConfigKey("backend")]
    public FirewallBackend Backend { get; init; } = FirewallBackend.Auto;

    /// <summary>Drop input our rules do not accept. Off by default: nothing we add drops what was accepted before.</summary>
    [ConfigKey("drop_other_input")]
    public bool DropOtherInput { get; init; }

    /// <summary>TCP ports always accepted on every interface (SSH, so a dropping firewall never locks the admin out).</summary>
    [ConfigKey("allow_tcp_ports")]
    public IReadOnlyList<int> AllowTcpPorts { get; init; } = [22];

    /// <summary>Interfaces whose input is trusted wholesale; null: the mesh interface and the LAN bridge, as the seed does.</summary>
    [ConfigKey("trusted_interfaces")]
    public IReadOnlyList<string>? TrustedInterfaces { get; init; }

    /// <summary>Accept forwarding between the mesh interface and the LAN bridge.</summary>
    [ConfigKey("forward")]
    public FirewallForward Forward { get; init; } = FirewallForward.Auto;

    /// <summary>WAN interfaces out of which the LAN bridge's subnet and the mesh prefix are masqueraded; empty: none.</summary>
    [ConfigKey("masquerade")]
    public IReadOnlyList<string> Masquerade { get; init; } = [];

    /// <summary>Clamp the MSS of TCP SYNs through the mesh interface to the route MTU.</summary>
    [ConfigKey("mss_clamp")]
    public bool MssClamp { get; init; } = true;

    /// <summary>firewalld backend: the zone our interfaces go into (it must exist; "trusted" accepts and forwards everything).</summary>
    [ConfigKey("zone")]
    public string Zone { get; init; } = "trusted";

    /// <summary>firewalld backend: also write our settings into the permanent configuration (zone files), not only the runtime.</summary>
    [ConfigKey("permanent")]
    public bool Permanent { get; init; }
}

/// <summary>Firewall backend.</summary>
public enum FirewallBackend
{
    /// <summary>firewalld when it owns its name on the system bus at start, else nftables.</summary>
    Auto,

    /// <summary>Our own nftables table.</summary>
    Nftables,

    /// <summary>firewalld's zones over D-Bus.</summary>
    Firewalld,
}

/// <summary>When to accept forwarding.</summary>
public enum FirewallForward
{
    /// <summary>On hubs (they relay spoke to spoke) and on hosts with a LAN bridge.</summary>
    Auto,

    /// <summary>Always.</summary>
    On,

    /// <summary>Never.</summary>
    Off,
}
