using System.Globalization;
using System.Net;
using System.Net.NetworkInformation;

namespace MeshAgent.Core.Configuration;

/// <summary>dnsmasq as DHCP server and DNS forwarder/authority for the LAN and the mesh names.</summary>
public sealed record DnsDhcpConfig
{
    /// <summary>Interfaces dnsmasq serves (required, at least one).</summary>
    [ConfigKey("interfaces")]
    public IReadOnlyList<string> Interfaces { get; init; } = [];

    /// <summary>Interfaces where dnsmasq answers DNS but never DHCP.</summary>
    [ConfigKey("no_dhcp_interfaces")]
    public IReadOnlyList<string> NoDhcpInterfaces { get; init; } = [];

    /// <summary>The LAN domain DHCP clients get names in.</summary>
    [ConfigKey("domain")]
    public string Domain { get; init; } = "lan";

    /// <summary>The domain mesh members' names are served in ("hub-1.mesh").</summary>
    [ConfigKey("mesh_domain")]
    public string MeshDomain { get; init; } = "mesh";

    /// <summary>The DHCP server; null serves DNS only.</summary>
    [ConfigKey("dhcp")]
    public DhcpConfig? Dhcp { get; init; }

    /// <summary>Static DNS names.</summary>
    [ConfigKey("hosts")]
    public IReadOnlyList<DnsHost> Hosts { get; init; } = [];

    /// <summary>Upstream DNS servers; null uses the host's resolv.conf, empty means no upstream at all.</summary>
    [ConfigKey("upstream")]
    public IReadOnlyList<IPAddress>? Upstream { get; init; }

    /// <summary>The dnsmasq program: an absolute path or a name looked up in PATH.</summary>
    [ConfigKey("dnsmasq_binary")]
    public string DnsmasqBinary { get; init; } = "/usr/sbin/dnsmasq";
}

/// <summary>The DHCP part of dnsmasq.</summary>
public sealed record DhcpConfig
{
    /// <summary>Address pools (at least one), each inside a VRB bridge's subnet.</summary>
    [ConfigKey("ranges")]
    public IReadOnlyList<DhcpRange> Ranges { get; init; } = [];

    /// <summary>Lease time; dnsmasq's minimum is 2 minutes.</summary>
    [ConfigKey("lease_time")]
    public TimeSpan LeaseTime { get; init; } = TimeSpan.FromHours(12);

    /// <summary>Fixed addresses by MAC.</summary>
    [ConfigKey("reservations")]
    public IReadOnlyList<DhcpReservation> Reservations { get; init; } = [];
}

/// <summary>An address pool "first-last" (inclusive, same family, first &lt;= last).</summary>
/// <param name="Start">First address handed out.</param>
/// <param name="End">Last address handed out.</param>
public sealed record DhcpRange(IPAddress Start, IPAddress End)
{
    /// <summary>"10.10.10.100-10.10.10.200".</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Start}-{End}");
}

/// <summary>A fixed DHCP address.</summary>
public sealed record DhcpReservation
{
    /// <summary>The client's MAC address (6 bytes).</summary>
    [ConfigKey("mac")]
    public required PhysicalAddress Mac { get; init; }

    /// <summary>The address it gets.</summary>
    [ConfigKey("address")]
    public required IPAddress Address { get; init; }

    /// <summary>The host name it gets (a DNS label); null keeps the client's own.</summary>
    [ConfigKey("name")]
    public string? Name { get; init; }
}

/// <summary>A static DNS entry.</summary>
public sealed record DnsHost
{
    /// <summary>The address the names resolve to.</summary>
    [ConfigKey("address")]
    public required IPAddress Address { get; init; }

    /// <summary>The names (DNS labels, served inside <see cref="DnsDhcpConfig.Domain"/>); at least one.</summary>
    [ConfigKey("names")]
    public required IReadOnlyList<string> Names { get; init; }
}
