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
/// Figures of one run; times in virtual seconds. Deterministic for given settings. False positives are counted
/// during the final steady phase (<see cref="SimulationSettings.Minutes"/>): FalseDeadDeclarations counts each
/// time a live member's suspicion timeout declared a live member dead (the declarations, as in the Lifeguard
/// paper); FalseFailedEvents counts the "failed" events live members emitted about live members (a declaration
/// gossiped to others counts once per observer); FalselyDeclaredMembers counts distinct members declared.
/// BytesPerNodePerSecond counts UDP and push-pull streams; PacketBytesPerNodePerSecond UDP only; both are
/// uncompressed wire sizes (the simulator passes messages, it does not run LZW).
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
    int FalseFailedEvents,
    int FalselyDeclaredMembers,
    double MessagesPerNodePerSecond,
    double BytesPerNodePerSecond,
    double PacketBytesPerNodePerSecond,
    long MalformedPackets);

[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(SimulationResult))]
internal sealed partial class SimulationJson : JsonSerializerContext;
