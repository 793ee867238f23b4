namespace MeshAgent.NetworkManager.Vrb;

/// <summary>
/// The desired Virtual Routing Bridge: what the VRB reconciler makes NetworkManager hold. The composition
/// root maps the <c>vrb:</c> config section onto it. Immutable.
/// </summary>
/// <param name="Lan">The LAN bridge (br0), or null for none.</param>
/// <param name="Ext">The public routed bridge (br-ext), or null for none.</param>
public sealed record VrbSpec(LanBridgeSpec? Lan, ExtBridgeSpec? Ext)
{
    /// <summary>NM rolls back by itself if an apply is not confirmed within this time (checkpoint timeout).</summary>
    public TimeSpan RollbackTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>What must stay reachable after an apply.</summary>
    public ConnectivityTarget Connectivity { get; init; } = ConnectivityTarget.Gateway;

    /// <summary>
    /// Interfaces NM must leave alone (the WireGuard device the agent manages): set unmanaged at runtime
    /// whenever NM has them as managed devices.
    /// </summary>
    public IReadOnlyList<string> UnmanagedInterfaces { get; init; } = [];
}

/// <summary>The LAN bridge.</summary>
/// <param name="Bridge">Bridge interface name ("br0").</param>
/// <param name="Address">The host's address on it with prefix length (10.10.10.1/24).</param>
/// <param name="Stp">Spanning tree on or off.</param>
/// <param name="Ports">Interfaces enslaved to the bridge.</param>
public sealed record LanBridgeSpec(string Bridge, InterfaceAddress Address, bool Stp, IReadOnlyList<string> Ports);

/// <summary>The external bridge.</summary>
/// <param name="Bridge">Bridge interface name ("br-ext").</param>
/// <param name="Ports">Interfaces enslaved to the bridge.</param>
/// <param name="Addressing">How the host addresses itself on it.</param>
/// <param name="Address">The address for <see cref="ExtAddressing.Manual"/>; null otherwise.</param>
public sealed record ExtBridgeSpec(string Bridge, IReadOnlyList<string> Ports, ExtAddressing Addressing, InterfaceAddress? Address = null);

/// <summary>How the host gets an address on the external bridge.</summary>
public enum ExtAddressing
{
    /// <summary>No host address (a routed/bridged segment only).</summary>
    None,

    /// <summary>A static address (<see cref="ExtBridgeSpec.Address"/>).</summary>
    Manual,

    /// <summary>DHCP / SLAAC.</summary>
    Auto,
}
