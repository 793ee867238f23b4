using System.Text.Json.Serialization;

namespace MeshAgent.Simulation;

/// <summary>Inputs of one run.</summary>
internal sealed record SimulationSettings
{
    public int Nodes { get; init; } = 100;
    public double Loss { get; init; }
    public int Seed { get; init; } = 1;
    public bool Lifeguard { get; init; } = true;
    public double Minutes { get; init; } = 2;
    public int Crashes { get; init; } = 5;
}

/// <summary>
/// Figures of one run; times in virtual seconds. Deterministic for given settings. FalseDeadDeclarations counts
/// "failed" verdicts about live members, per observer; FalselyDeclaredMembers counts distinct such members.
/// BytesPerNodePerSecond counts UDP and push-pull streams; PacketBytesPerNodePerSecond UDP only.
/// </summary>
internal sealed record SimulationResult(
    int Nodes,
    double Loss,
    int Seed,
    bool Lifeguard,
    double Minutes,
    double? JoinPropagationSeconds,
    double JoinCoverage,
    double? FirstDetectionMedianSeconds,
    double? FirstDetectionMedianProtocolPeriods,
    double? FullDisseminationMedianSeconds,
    int CrashesDetected,
    int Crashes,
    double? RestartRejoinMedianSeconds,
    int Restarts,
    int FalseDeadDeclarations,
    int FalselyDeclaredMembers,
    double MessagesPerNodePerSecond,
    double BytesPerNodePerSecond,
    double PacketBytesPerNodePerSecond,
    long MalformedPackets);

[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(SimulationResult))]
internal sealed partial class SimulationJson : JsonSerializerContext;
