using System.Net;

namespace MeshAgent.Netlink.Route;

/// <summary>A unicast route.</summary>
/// <param name="Destination">The destination prefix (0.0.0.0/0 or ::/0 for a default route).</param>
/// <param name="OutputInterface">Outgoing interface index (RTA_OIF), or null.</param>
/// <param name="Gateway">Next hop (RTA_GATEWAY), or null for a directly connected route.</param>
/// <param name="Table">Routing table id (254 = main).</param>
/// <param name="Metric">RTA_PRIORITY, or null for the kernel's default.</param>
public sealed record RouteEntry(IPNetwork Destination, int? OutputInterface, IPAddress? Gateway, uint Table = RouteEntry.MainTable, uint? Metric = null)
{
    /// <summary>RT_TABLE_MAIN.</summary>
    public const uint MainTable = 254;
}
