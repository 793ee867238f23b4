using System.Net;

namespace MeshAgent.Dnsmasq.Configuration;

/// <summary>A mesh member's name and addresses.</summary>
/// <param name="Name">A DNS label ("hub-2"); answered as "hub-2.&lt;mesh domain&gt;".</param>
/// <param name="Addresses">Its mesh addresses (IPv4 and/or IPv6); at least one.</param>
public sealed record MeshHost(string Name, IReadOnlyList<IPAddress> Addresses);
