using System.Text.Json.Serialization;

namespace MeshAgent.Firewall.Firewalld;

/// <summary>
/// Source-generated JSON for <see cref="FirewalldRecord"/>'s file: no reflection, so the record reads and
/// writes the same under NativeAOT and trimming. Enums as their names, so the file stays readable.
/// </summary>
[JsonSourceGenerationOptions(WriteIndented = true, UseStringEnumConverter = true)]
[JsonSerializable(typeof(List<FirewalldEntry>))]
internal sealed partial class FirewalldRecordJsonContext : JsonSerializerContext;
