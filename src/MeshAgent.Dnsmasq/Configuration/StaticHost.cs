using System.Net;

namespace MeshAgent.Dnsmasq.Configuration;

/// <summary>A fixed name: <paramref name="Names"/> answer with <paramref name="Address"/>.</summary>
/// <param name="Address">IPv4 or IPv6 address.</param>
/// <param name="Names">Host names; a name without a dot also answers in the LAN domain.</param>
public sealed record StaticHost(IPAddress Address, IReadOnlyList<string> Names);
