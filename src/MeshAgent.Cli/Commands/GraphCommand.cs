using System.CommandLine;
using System.Globalization;
using System.Text;
using MeshAgent.Core.Api;

namespace MeshAgent.Cli.Commands;

/// <summary><c>meshctl graph [--json]</c>: the nodes and this node's paths to them (direct, via a hub, relayed).</summary>
internal static class GraphCommand
{
    public static Command Create()
    {
        var json = ApiCommand.JsonOption();
        var socket = ApiCommand.SocketOption();
        var command = new Command("graph", "Show the mesh graph: nodes, and edges with path kind and handshake age") { json, socket };
        command.SetAction((parse, cancellationToken) => ApiCommand.RunAsync(parse.GetValue(socket)!, Console.Error, async client =>
        {
            var graph = await client.GetAsync(ApiDefaults.GraphPath, ApiJsonContext.Default.MeshGraph, cancellationToken);
            if (parse.GetValue(json))
            {
                await ApiCommand.WriteJsonAsync(Console.Out, graph, ApiJsonContext.Default.MeshGraph);
            }
            else
            {
                await Console.Out.WriteAsync(Format(graph));
            }

            return 0;
        }));
        return command;
    }

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
