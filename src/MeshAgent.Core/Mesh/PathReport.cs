namespace MeshAgent.Core.Mesh;

/// <summary>
/// One node's view of its own paths, as it gossips them so that every node can draw the whole mesh.
/// A report too large for one gossip packet travels as several parts with the same <see cref="At"/>.
/// </summary>
/// <param name="Node">The reporting node.</param>
/// <param name="At">When the reporter read its paths (its own clock, whole seconds).</param>
/// <param name="Part">Index of this part, 0-based.</param>
/// <param name="Parts">How many parts the report of <paramref name="At"/> has (1 or more).</param>
/// <param name="Edges">The reporter's paths in this part.</param>
public sealed record PathReport(string Node, DateTimeOffset At, int Part, int Parts, IReadOnlyList<PathReportEdge> Edges);

/// <summary>One path as its source node sees it.</summary>
/// <param name="Peer">The node at the other end.</param>
/// <param name="Kind">"hub", "direct", "relayed", "punched" or "client" (a client device reached through this hub).</param>
/// <param name="Via">The relaying hub of a relayed path, else null.</param>
/// <param name="HandshakeAgeSeconds">Seconds between the tunnel's last handshake and the report; null if none (or relayed).</param>
/// <param name="ReceiveBytes">WireGuard bytes received from the peer (0 for relayed).</param>
/// <param name="TransmitBytes">WireGuard bytes sent to the peer (0 for relayed).</param>
public sealed record PathReportEdge(string Peer, string Kind, string? Via, long? HandshakeAgeSeconds, long ReceiveBytes, long TransmitBytes);
