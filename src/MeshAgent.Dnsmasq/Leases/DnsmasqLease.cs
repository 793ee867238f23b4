using System.Net;

namespace MeshAgent.Dnsmasq.Leases;

/// <summary>One lease from dnsmasq's lease file.</summary>
/// <param name="Expires">When it ends; null for an infinite lease (dnsmasq writes 0).</param>
/// <param name="HardwareAddress">DHCPv4: the client's MAC ("aa:bb:cc:dd:ee:ff", or "TYPE-..." for other hardware types); DHCPv6: null.</param>
/// <param name="Iaid">DHCPv6: the IAID (or "T"-prefixed for temporary addresses); DHCPv4: null.</param>
/// <param name="Address">The leased address.</param>
/// <param name="Hostname">The client's host name; null when dnsmasq wrote '*'.</param>
/// <param name="ClientId">DHCPv4 client id or DHCPv6 DUID; null when dnsmasq wrote '*'.</param>
public sealed record DnsmasqLease(DateTimeOffset? Expires, string? HardwareAddress, string? Iaid, IPAddress Address, string? Hostname, string? ClientId)
{
    /// <summary>True for a DHCPv6 lease.</summary>
    public bool IsIPv6 => Iaid is not null;
}
