using System.Net;

namespace MeshAgent.Dnsmasq.Configuration;

/// <summary>A fixed lease: the client with <paramref name="Mac"/> always gets <paramref name="Address"/>.</summary>
/// <param name="Mac">Ethernet address "aa:bb:cc:dd:ee:ff" (either case).</param>
/// <param name="Address">IPv4 address; should lie in the subnet of a served interface.</param>
/// <param name="Name">Host name given to the client and answered in the LAN domain; null for none.</param>
public sealed record DhcpReservation(string Mac, IPAddress Address, string? Name);
