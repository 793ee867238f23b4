using System.Text.Json.Serialization;

namespace MeshAgent.Core.Api;

/// <summary>One WireGuard peer of this node: what the desired state wants and what the device reports.</summary>
/// <param name="Name">The member's name.</param>
/// <param name="PublicKey">WireGuard public key (base64).</param>
/// <param name="Path">"hub" (via a hub peer) or "direct" (peer-to-peer /32).</param>
/// <param name="DirectPath">For direct candidates: "untried", "trying", "established", "failed"; null otherwise.</param>
/// <param name="Endpoint">The endpoint the device uses now (may differ from the advertised one after roaming).</param>
/// <param name="AllowedIPs">Prefixes routed to the peer.</param>
/// <param name="LatestHandshake">Last completed handshake (UTC), null if none.</param>
/// <param name="ReceiveBytes">Bytes received from the peer.</param>
/// <param name="TransmitBytes">Bytes sent to the peer.</param>
public sealed record PeerInfo(
    string Name,
    string PublicKey,
    string Path,
    string? DirectPath,
    string? Endpoint,
    [property: JsonPropertyName("allowed_ips")] IReadOnlyList<string> AllowedIPs,
    DateTimeOffset? LatestHandshake,
    long ReceiveBytes,
    long TransmitBytes)
{
    /// <summary>For a direct peer, how its endpoint was found: "configured", "mapped" (port mapping) or "punched" (hub-observed, reached by hole punching); null for hubs and clients.</summary>
    public string? Via { get; init; }
}
