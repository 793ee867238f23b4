using System.Text.Json.Serialization;

namespace MeshAgent.Daemon.Mesh;

/// <summary>Source-generated JSON for Serf's keyring file (an array of base64 strings).</summary>
[JsonSerializable(typeof(string[]))]
internal sealed partial class GossipKeyJsonContext : JsonSerializerContext;
