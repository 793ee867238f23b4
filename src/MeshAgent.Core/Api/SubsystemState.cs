using System.Text.Json.Serialization;

namespace MeshAgent.Core.Api;

/// <summary>Outcome of a subsystem's last reconcile attempt.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<SubsystemState>))]
public enum SubsystemState
{
    /// <summary>Not attempted yet.</summary>
    [JsonStringEnumMemberName("pending")]
    Pending,

    /// <summary>The read-back matched the desired state.</summary>
    [JsonStringEnumMemberName("converged")]
    Converged,

    /// <summary>The plan was applied but the read-back still differs.</summary>
    [JsonStringEnumMemberName("diverged")]
    Diverged,

    /// <summary>Planning or applying threw (or timed out).</summary>
    [JsonStringEnumMemberName("failed")]
    Failed,
}
