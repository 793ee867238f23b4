using System.Net;

namespace MeshAgent.Dnsmasq.Probing;

/// <summary>One resource record from the answer section.</summary>
/// <param name="Name">Owner name without the trailing dot, e.g. "hub-2.mesh".</param>
/// <param name="Type">RR type: 1 = A, 28 = AAAA, 5 = CNAME, ...</param>
/// <param name="TimeToLive">TTL in seconds.</param>
/// <param name="Address">The address for A and AAAA records; null for other types.</param>
public sealed record DnsAnswer(string Name, ushort Type, uint TimeToLive, IPAddress? Address);
