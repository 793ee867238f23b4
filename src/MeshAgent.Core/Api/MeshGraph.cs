using System.Text.Json.Serialization;

namespace MeshAgent.Core.Api;

/// <summary>A node of the mesh graph.</summary>
/// <param name="Name">Node name.</param>
/// <param name="Role">"hub" or "spoke".</param>
/// <param name="MeshIPv4">Mesh IPv4 address.</param>
/// <param name="State">Gossip state as in <see cref="MemberInfo.State"/>.</param>
public sealed record GraphNode(string Name, string Role, [property: JsonPropertyName("mesh_ipv4")] string MeshIPv4, string State);

/// <summary>
/// A path between two nodes: one edge per pair, <paramref name="From"/> ordinally before <paramref name="To"/>,
/// summarising what each end reports (<paramref name="Ends"/>).
/// </summary>
/// <param name="From">One end.</param>
/// <param name="To">The other end.</param>
/// <param name="Kind">"hub" (a tunnel to a hub), "direct" or "punched" (a peer-to-peer tunnel), "client", or "relayed" (through <paramref name="Via"/>): the first of these that either end reports.</param>
/// <param name="Via">The relaying hub for "relayed" edges.</param>
/// <param name="HandshakeAgeSeconds">Seconds since the tunnel's last handshake, now, by the end that saw the latest one; null if none or relayed.</param>
/// <param name="Ends">Each end's own view of the path (one or two entries), with how old its report is.</param>
public sealed record GraphEdge(string From, string To, string Kind, string? Via, double? HandshakeAgeSeconds, IReadOnlyList<EdgeEnd>? Ends = null);

/// <summary>One end's report of a path.</summary>
/// <param name="Node">The reporting end.</param>
/// <param name="Kind">The path kind as that end sees it.</param>
/// <param name="Via">The relaying hub it names, if relayed.</param>
/// <param name="HandshakeAgeSeconds">Seconds since that end's last handshake on this path, extrapolated to now; null if none.</param>
/// <param name="ReceiveBytes">WireGuard bytes that end received from the other, as of its report.</param>
/// <param name="TransmitBytes">WireGuard bytes that end sent to the other, as of its report.</param>
/// <param name="ReportAgeSeconds">Seconds since that end read its paths (0 for the answering node's own, read now).</param>
public sealed record EdgeEnd(string Node, string Kind, string? Via, double? HandshakeAgeSeconds, long ReceiveBytes, long TransmitBytes, double ReportAgeSeconds);

/// <summary>The body of <c>/api/v1/graph</c>: every known node and every path any of them reports.</summary>
/// <param name="Self">The answering node.</param>
/// <param name="Nodes">Nodes, by name.</param>
/// <param name="Edges">Edges, one per pair of nodes with a path.</param>
public sealed record MeshGraph(string Self, IReadOnlyList<GraphNode> Nodes, IReadOnlyList<GraphEdge> Edges);
