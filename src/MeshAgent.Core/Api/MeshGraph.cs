using System.Text.Json.Serialization;

namespace MeshAgent.Core.Api;

/// <summary>A node of the mesh graph.</summary>
/// <param name="Name">Node name.</param>
/// <param name="Role">"hub" or "spoke".</param>
/// <param name="MeshIPv4">Mesh IPv4 address.</param>
/// <param name="State">Gossip state as in <see cref="MemberInfo.State"/>.</param>
public sealed record GraphNode(string Name, string Role, [property: JsonPropertyName("mesh_ipv4")] string MeshIPv4, string State);

/// <summary>A path between two nodes as this node sees it.</summary>
/// <param name="From">Source node.</param>
/// <param name="To">Destination node.</param>
/// <param name="Kind">"hub" (a tunnel to a hub), "direct" (a peer-to-peer tunnel) or "relayed" (through <paramref name="Via"/>).</param>
/// <param name="Via">The relaying hub for "relayed" edges.</param>
/// <param name="HandshakeAgeSeconds">Seconds since the tunnel's last handshake; null if none or relayed.</param>
public sealed record GraphEdge(string From, string To, string Kind, string? Via, double? HandshakeAgeSeconds);

/// <summary>The body of <c>/api/v1/graph</c>: every known node and this node's paths to them.</summary>
/// <param name="Self">The answering node.</param>
/// <param name="Nodes">Nodes, by name.</param>
/// <param name="Edges">Edges from this node (and, on a hub, the tunnels it relays through).</param>
public sealed record MeshGraph(string Self, IReadOnlyList<GraphNode> Nodes, IReadOnlyList<GraphEdge> Edges);
