using System.Net;
using MeshAgent.Core.Api;
using MeshAgent.Core.Configuration;

namespace MeshAgent.Cli.Doctor;

/// <summary>A socket listening on port 53, from /proc/net.</summary>
/// <param name="Protocol">"udp" or "tcp".</param>
/// <param name="Address">Its local address (0.0.0.0 or :: for every address).</param>
/// <param name="Pid">The owning process, if found.</param>
/// <param name="Process">Its name (/proc/PID/comm), if found.</param>
internal sealed record PortListener(string Protocol, IPAddress Address, int? Pid, string? Process);

/// <summary>An address of an interface dnsmasq serves.</summary>
/// <param name="Interface">Interface name.</param>
/// <param name="Address">One of its addresses.</param>
internal sealed record ServedAddress(string Interface, IPAddress Address);

/// <summary>
/// Everything the checks look at, gathered once. Null means "could not be found out", and the check that needs
/// it says so instead of guessing.
/// </summary>
internal sealed record DoctorFacts
{
    /// <summary>Now (UTC), for ages and expiries.</summary>
    public required DateTimeOffset Now { get; init; }

    /// <summary>The config file that was read.</summary>
    public required string ConfigPath { get; init; }

    /// <summary>The config, when it loaded without problems.</summary>
    public AgentConfig? Config { get; init; }

    /// <summary>Every problem with the config file (path, line, message), empty when valid.</summary>
    public IReadOnlyList<string> ConfigProblems { get; init; } = [];

    /// <summary>The daemon's status, null when it did not answer.</summary>
    public NodeStatus? Status { get; init; }

    /// <summary>Why the daemon did not answer.</summary>
    public string? DaemonError { get; init; }

    /// <summary>The socket that was asked.</summary>
    public string SocketPath { get; init; } = ApiDefaults.SocketPath;

    /// <summary>This node's WireGuard peers (from the daemon).</summary>
    public IReadOnlyList<PeerInfo>? Peers { get; init; }

    /// <summary>The members (from the daemon).</summary>
    public IReadOnlyList<MemberInfo>? Members { get; init; }

    /// <summary>True when the kernel has WireGuard (/sys/module/wireguard, or the module file for this kernel).</summary>
    public bool KernelWireGuard { get; init; }

    /// <summary>wireguard-go's path on PATH, or null.</summary>
    public string? WireGuardGo { get; init; }

    /// <summary>NetworkManager's state for the mesh interface ("unmanaged", "connected"…), or null when NetworkManager is not running.</summary>
    public string? NetworkManagerState { get; init; }

    /// <summary>Addresses of the interfaces dnsmasq serves.</summary>
    public IReadOnlyList<ServedAddress> ServedAddresses { get; init; } = [];

    /// <summary>Sockets on port 53.</summary>
    public IReadOnlyList<PortListener> Port53 { get; init; } = [];

    /// <summary>Our dnsmasq's PID (its pid file), if it runs.</summary>
    public int? OwnDnsmasqPid { get; init; }

    /// <summary>`nft list ruleset`, or null when nft is not available.</summary>
    public string? NftRuleset { get; init; }

    /// <summary>This clock minus the reference's, when a hub answered.</summary>
    public TimeSpan? ClockOffset { get; init; }

    /// <summary>What the clock was compared with ("hub1 at 192.0.2.1:51820").</summary>
    public string? ClockReference { get; init; }

    /// <summary>The interface towards the hubs (or carrying this hub's endpoint).</summary>
    public string? UplinkInterface { get; init; }

    /// <summary>Its MTU.</summary>
    public int? UplinkMtu { get; init; }
}
