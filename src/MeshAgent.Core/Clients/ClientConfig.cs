using System.Net;

namespace MeshAgent.Core.Clients;

/// <summary>
/// Everything a stock WireGuard app needs to reach the mesh through one hub: the device's own key and address,
/// the hub's DNS server, the hub as its single peer. Holds the device's private key: <see cref="ToString"/>
/// never prints it.
/// </summary>
/// <param name="PrivateKey">The device's private key, base64. Secret.</param>
/// <param name="Address">The device's mesh IPv4 address (a /32 on the device).</param>
/// <param name="Dns">The hub's dnsmasq on its mesh address, or null for none.</param>
/// <param name="DnsSearch">Search domain added after the DNS server (the mesh domain), or null.</param>
/// <param name="HubPublicKey">The hub's WireGuard public key, base64.</param>
/// <param name="HubEndpoint">The hub's underlay endpoint, host:port.</param>
/// <param name="AllowedIPs">Prefixes routed into the tunnel, in order.</param>
/// <param name="PersistentKeepalive">Keepalive towards the hub (keeps a NAT mapping on the device's side open); zero for off.</param>
public sealed record ClientConfig(
    string PrivateKey,
    IPAddress Address,
    IPAddress? Dns,
    string? DnsSearch,
    string HubPublicKey,
    string HubEndpoint,
    IReadOnlyList<IPNetwork> AllowedIPs,
    TimeSpan PersistentKeepalive)
{
    /// <summary>The prefixes for <paramref name="routing"/>: the mesh prefixes and LAN subnets, or everything.</summary>
    public static IReadOnlyList<IPNetwork> AllowedIPsFor(ClientRouting routing, IPNetwork meshPrefix, IPNetwork? meshPrefixV6, IEnumerable<IPNetwork> subnets)
    {
        ArgumentNullException.ThrowIfNull(subnets);
        if (routing == ClientRouting.All)
        {
            return [IPNetwork.Parse("0.0.0.0/0"), IPNetwork.Parse("::/0")];
        }

        var prefixes = new List<IPNetwork> { meshPrefix };
        if (meshPrefixV6 is { } v6)
        {
            prefixes.Add(v6);
        }

        // A subnet inside the mesh prefix is already routed by it; listing it twice would only confuse the apps.
        prefixes.AddRange(subnets.Where(s => !prefixes.Any(p => p.Contains(s.BaseAddress) && p.PrefixLength <= s.PrefixLength)).Distinct());
        return prefixes;
    }

    /// <summary>Never prints the private key.</summary>
    public override string ToString() => $"ClientConfig {{ Address = {Address}, HubPublicKey = {HubPublicKey}, HubEndpoint = {HubEndpoint} }}";
}
