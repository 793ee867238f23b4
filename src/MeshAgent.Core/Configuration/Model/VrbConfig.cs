using System.Net;

namespace MeshAgent.Core.Configuration;

/// <summary>The Virtual Routing Bridge: the LAN bridge and the optional external bridge, via NetworkManager.</summary>
public sealed record VrbConfig
{
    /// <summary>The LAN bridge; null leaves it alone.</summary>
    [ConfigKey("lan")]
    public BridgeConfig? Lan { get; init; }

    /// <summary>The external (uplink) bridge; null leaves it alone.</summary>
    [ConfigKey("ext")]
    public BridgeConfig? Ext { get; init; }

    /// <summary>How long a NetworkManager checkpoint waits for confirmation before rolling back.</summary>
    [ConfigKey("rollback_timeout")]
    public TimeSpan RollbackTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>What must stay reachable after a change for it to be kept.</summary>
    [ConfigKey("connectivity_target")]
    public ConnectivityTarget ConnectivityTarget { get; init; } = ConnectivityTarget.Gateway;
}

/// <summary>One bridge of the VRB.</summary>
public sealed record BridgeConfig
{
    /// <summary>The bridge interface name.</summary>
    [ConfigKey("bridge")]
    public required string Bridge { get; init; }

    /// <summary>The bridge's address with prefix (required when <see cref="Addressing"/> is manual).</summary>
    [ConfigKey("address")]
    public InterfaceAddress? Address { get; init; }

    /// <summary>How the bridge gets its IPv4 address.</summary>
    [ConfigKey("addressing")]
    public BridgeAddressing Addressing { get; init; } = BridgeAddressing.None;

    /// <summary>Spanning tree protocol on the bridge.</summary>
    [ConfigKey("stp")]
    public bool Stp { get; init; }

    /// <summary>Physical interfaces enslaved to the bridge.</summary>
    [ConfigKey("ports")]
    public IReadOnlyList<string> Ports { get; init; } = [];
}

/// <summary>How a bridge is addressed.</summary>
public enum BridgeAddressing
{
    /// <summary>The configured static address.</summary>
    Manual,

    /// <summary>DHCP client (NetworkManager ipv4.method auto).</summary>
    Auto,

    /// <summary>No address (a pure L2 bridge).</summary>
    None,
}

/// <summary>What a connectivity check after a bridge change probes.</summary>
public enum ConnectivityTargetKind
{
    /// <summary>The default gateway.</summary>
    Gateway,

    /// <summary>No probe: a change is kept if NetworkManager activates it.</summary>
    None,

    /// <summary>A given address.</summary>
    Address,

    /// <summary>NetworkManager's own connectivity check.</summary>
    NetworkManager,
}

/// <summary>The connectivity target: "gateway", "none", "nm" or an IP address.</summary>
/// <param name="Kind">What to probe.</param>
/// <param name="Address">The address when <paramref name="Kind"/> is <see cref="ConnectivityTargetKind.Address"/>.</param>
public sealed record ConnectivityTarget(ConnectivityTargetKind Kind, IPAddress? Address = null)
{
    /// <summary>Probe the default gateway.</summary>
    public static ConnectivityTarget Gateway { get; } = new(ConnectivityTargetKind.Gateway);

    /// <summary>Do not probe.</summary>
    public static ConnectivityTarget None { get; } = new(ConnectivityTargetKind.None);

    /// <summary>Use NetworkManager's connectivity check.</summary>
    public static ConnectivityTarget NetworkManager { get; } = new(ConnectivityTargetKind.NetworkManager);

    /// <summary>The text as written in agent.yaml.</summary>
    public override string ToString() => Kind switch
    {
        ConnectivityTargetKind.Gateway => "gateway",
        ConnectivityTargetKind.None => "none",
        ConnectivityTargetKind.NetworkManager => "nm",
        _ => Address?.ToString() ?? string.Empty,
    };
}
