using System.Text.Json.Serialization;

namespace MeshAgent.Core.Api;

/// <summary>One mesh member as this node knows it: its verified record and gossip's view of it.</summary>
/// <param name="Name">Node name.</param>
/// <param name="PublicKey">WireGuard public key (base64).</param>
/// <param name="MeshIPv4">Mesh IPv4 address.</param>
/// <param name="MeshIPv6">Mesh IPv6 address, if any.</param>
/// <param name="Role">"hub" or "spoke".</param>
/// <param name="Endpoints">Advertised underlay endpoints (host:port).</param>
/// <param name="Subnets">Extra prefixes the member routes.</param>
/// <param name="State">"alive", "suspect", "dead", "left"; "self" for this node; "unknown" before gossip has seen it.</param>
/// <param name="Serial">The record's serial.</param>
/// <param name="ExpiresAt">When the record expires (UTC).</param>
/// <param name="Isolated">True while this node keeps the member isolated by authority command (no peer, no name).</param>
public sealed record MemberInfo(
    string Name,
    string PublicKey,
    [property: JsonPropertyName("mesh_ipv4")] string MeshIPv4,
    [property: JsonPropertyName("mesh_ipv6")] string? MeshIPv6,
    string Role,
    IReadOnlyList<string> Endpoints,
    IReadOnlyList<string> Subnets,
    string State,
    ulong Serial,
    DateTimeOffset ExpiresAt,
    bool Isolated = false);
