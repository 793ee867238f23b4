using System.Text.Json.Serialization;

namespace MeshAgent.Core.Api;

/// <summary>This node's place in the mesh, for <c>meshctl status</c>.</summary>
/// <param name="PublicKey">This node's WireGuard public key (base64); never the private key.</param>
/// <param name="MeshIPv4">Its mesh address, null while waiting for admission.</param>
/// <param name="Role">"hub" or "spoke".</param>
/// <param name="Admission">"admitted", "unsigned" (no authority configured: the config is trusted), or what it waits for.</param>
/// <param name="RecordExpiresAt">When its record expires; null without a record.</param>
/// <param name="Members">Member count by state ("alive", "suspect", "dead", "left", "unknown").</param>
/// <param name="DirectPeers">Peers reached peer-to-peer.</param>
/// <param name="HubPeers">Peers that are hubs.</param>
/// <param name="Relayed">Members reached through a hub.</param>
/// <param name="Problems">Conflicts or rejected records worth an admin's attention, one line each.</param>
/// <param name="Isolated">Names of the members isolated here by authority command.</param>
/// <param name="Left">True after an authority command made this node leave the mesh.</param>
public sealed record MeshSummary(
    string PublicKey,
    [property: JsonPropertyName("mesh_ipv4")] string? MeshIPv4,
    string Role,
    string Admission,
    DateTimeOffset? RecordExpiresAt,
    IReadOnlyDictionary<string, int> Members,
    int DirectPeers,
    int HubPeers,
    int Relayed,
    IReadOnlyList<string> Problems,
    IReadOnlyList<string>? Isolated = null,
    bool Left = false);
