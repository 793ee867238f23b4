using System.Net;

namespace MeshAgent.Dnsmasq.Configuration;

/// <summary>A DHCPv4 pool from <paramref name="Start"/> to <paramref name="End"/> (inclusive).</summary>
/// <param name="Start">First address handed out.</param>
/// <param name="End">Last address handed out; not below <paramref name="Start"/>.</param>
/// <param name="LeaseTime">Lease duration, whole seconds, at least 2 minutes (dnsmasq's minimum).</param>
public sealed record DhcpRange(IPAddress Start, IPAddress End, TimeSpan LeaseTime);
