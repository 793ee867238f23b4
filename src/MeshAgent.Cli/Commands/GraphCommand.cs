using System.CommandLine;
using System.Globalization;
using System.Text;
using MeshAgent.Core.Api;

namespace MeshAgent.Cli.Commands;

/// <summary>
/// <c>meshctl graph [--json]</c>: every node, and every path in the mesh with what each end reports (kind,
/// handshake age, counters) and how old that end's report is.
/// </summary>
internal static class GraphCommand
{
    public static Command Create() => ApiCommand.Listing(
        "graph",
        "Show the whole mesh: nodes, and every path with each end's view and the age of its report",
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
            text.Append(CultureInfo.InvariantCulture, $"  {edge.From} -- {edge.To}: {Path(edge.Kind, edge.Via, edge.HandshakeAgeSeconds)}\n");
            foreach (var end in edge.Ends ?? [])
            {
                text.Append(CultureInfo.InvariantCulture, $"    {end.Node} reports {Path(end.Kind, end.Via, end.HandshakeAgeSeconds)}, rx {end.ReceiveBytes} B, tx {end.TransmitBytes} B, report {end.ReportAgeSeconds:0}s old\n");
            }
        }

        return text.ToString();
    }

    private static string Path(string kind, string? via, double? handshakeAge) =>
        kind == "relayed"
            ? $"relayed via {via ?? "hub"}"
            : handshakeAge is { } age ? string.Create(CultureInfo.InvariantCulture, $"{kind}, handshake {age:0}s ago") : $"{kind}, no handshake";
}
