using System.CommandLine;
using System.Globalization;
using System.Text;
using MeshAgent.Core.Api;

namespace MeshAgent.Cli.Commands;

/// <summary><c>meshctl graph [--json]</c>: the nodes and this node's paths to them (direct, via a hub, relayed).</summary>
internal static class GraphCommand
{
    public static Command Create() => ApiCommand.Listing(
        "graph",
        "Show the mesh graph: nodes, and edges with path kind and handshake age",
        ApiDefaults.GraphPath,
        ApiJsonContext.Default.MeshGraph,
        Format);

    internal static string Format(MeshGraph graph)
    {
        var text = new StringBuilder();
        text.Append("nodes\n");
        foreach (var node in graph.Nodes)
        {
            text.Append(CultureInfo.InvariantCulture, $"  {node.Name} ({node.Role}, {node.MeshIPv4}, {node.State})\n");
        }

        text.Append("edges\n");
        foreach (var edge in graph.Edges)
        {
            var detail = edge.Kind == "relayed"
                ? $"relayed via {edge.Via ?? "hub"}"
                : edge.HandshakeAgeSeconds is { } age ? string.Create(CultureInfo.InvariantCulture, $"{edge.Kind}, handshake {age:0}s ago") : $"{edge.Kind}, no handshake";
            text.Append(CultureInfo.InvariantCulture, $"  {edge.From} -> {edge.To}: {detail}\n");
        }

        return text.ToString();
    }
}
