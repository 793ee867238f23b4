using System.Text.Json;
using MeshAgent.Core.Api;

namespace MeshAgent.Daemon.Events;

/// <summary>The stream's messages as UTF-8 JSON: <c>{"type":"snapshot","graph":{...}}</c> and <c>{"type":...,"subject":...,"detail":...,"time":...}</c>.</summary>
public static class EventJson
{
    /// <summary>The first message: the graph, or null on a node without a mesh section.</summary>
    public static byte[] Snapshot(MeshGraph? graph)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("type", MeshEventTypes.Snapshot);
            writer.WritePropertyName("graph");
            if (graph is null)
            {
                writer.WriteNullValue();
            }
            else
            {
                JsonSerializer.Serialize(writer, graph, ApiJsonContext.Default.MeshGraph);
            }

            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }

    /// <summary>One event.</summary>
    public static byte[] Event(MeshEvent meshEvent)
    {
        ArgumentNullException.ThrowIfNull(meshEvent);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("type", meshEvent.Type);
            writer.WriteString("subject", meshEvent.Subject);
            if (meshEvent.Detail is null)
            {
                writer.WriteNull("detail");
            }
            else
            {
                writer.WriteString("detail", meshEvent.Detail);
            }

            writer.WriteString("time", meshEvent.Time);
            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }
}
