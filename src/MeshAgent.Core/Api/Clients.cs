namespace MeshAgent.Core.Api;

/// <summary>Body of POST /v1/clients (admin node): issue the record of a device without the agent.</summary>
/// <param name="Name">The device's name, a DNS label.</param>
/// <param name="PublicKey">The device's WireGuard public key; meshctl generates the pair, the private key never reaches the daemon.</param>
/// <param name="Hub">The hub that peers with it; null for this node when it is a hub, else the first hub by name.</param>
/// <param name="Address">Mesh IPv4 address; null allocates a free one.</param>
/// <param name="TtlSeconds">Record lifetime; null for the default.</param>
public sealed record ClientRequest(string Name, string PublicKey, string? Hub, string? Address, double? TtlSeconds);

/// <summary>
/// Answer of POST /v1/clients: what meshctl needs to write the device's wg-quick config. Holds no secret: the private
/// key stays with meshctl.
/// </summary>
/// <param name="Name">The device's name.</param>
/// <param name="Address">Its mesh IPv4 address.</param>
/// <param name="Hub">The hub's name.</param>
/// <param name="HubPublicKey">The hub's WireGuard public key.</param>
/// <param name="HubEndpoint">The hub's underlay endpoint (host:port), or null when the mesh knows none.</param>
/// <param name="HubMeshAddress">The hub's mesh IPv4 address: its dnsmasq answers there.</param>
/// <param name="MeshPrefix">The mesh IPv4 prefix.</param>
/// <param name="MeshPrefixV6">The mesh IPv6 prefix, or null.</param>
/// <param name="Subnets">The members' LAN subnets, routed through the mesh.</param>
/// <param name="MeshDomain">Domain of the mesh names ("mesh").</param>
/// <param name="KeepaliveSeconds">Keepalive the device should send (keeps its NAT open so the hub can reach it).</param>
/// <param name="KeepDirectory">Where <c>--keep</c> stores the config on this node (0700 directory, 0600 files).</param>
/// <param name="ExpiresAt">The record's expiry (renewed by the authority like every record).</param>
public sealed record ClientResponse(
    string Name,
    string Address,
    string Hub,
    string HubPublicKey,
    string? HubEndpoint,
    string HubMeshAddress,
    string MeshPrefix,
    string? MeshPrefixV6,
    IReadOnlyList<string> Subnets,
    string MeshDomain,
    int KeepaliveSeconds,
    string KeepDirectory,
    DateTimeOffset ExpiresAt);

/// <summary>One device without the agent (GET /v1/clients).</summary>
/// <param name="Name">Its name.</param>
/// <param name="PublicKey">Its WireGuard public key.</param>
/// <param name="MeshIPv4">Its mesh address.</param>
/// <param name="Hubs">The hubs that peer with it.</param>
/// <param name="ExpiresAt">Record expiry.</param>
public sealed record ClientInfo(string Name, string PublicKey, string MeshIPv4, IReadOnlyList<string> Hubs, DateTimeOffset ExpiresAt);

/// <summary>Body of POST /v1/clients/remove: revoke a client's key.</summary>
/// <param name="Name">The client's name.</param>
public sealed record ClientRemoveRequest(string Name);
