namespace MeshAgent.Nat.Keeping;

/// <summary>Where a <see cref="PortMappingKeeper"/> stands.</summary>
/// <param name="State">What it is doing.</param>
/// <param name="Mapping">The live mapping, when <see cref="PortMappingState.Mapped"/>.</param>
/// <param name="Answered">The protocols that answered the last probe, most preferred first.</param>
/// <param name="Problem">Why there is no mapping, when there is none.</param>
/// <param name="NextAttempt">When it will probe or map again, when waiting to retry.</param>
public sealed record PortMappingSnapshot(
    PortMappingState State,
    PortMapping? Mapping,
    IReadOnlyList<PortMappingProtocol> Answered,
    string? Problem,
    DateTimeOffset? NextAttempt)
{
    /// <summary>Before the first probe.</summary>
    public static readonly PortMappingSnapshot Starting = new(PortMappingState.Starting, null, [], null, null);
}

/// <summary>A keeper's state.</summary>
public enum PortMappingState
{
    /// <summary>Not probed yet.</summary>
    Starting,

    /// <summary>No protocol answered the probe; retrying slowly.</summary>
    NoGateway,

    /// <summary>The gateway holds the mapping.</summary>
    Mapped,

    /// <summary>A gateway answered but refused or stopped answering; retrying slowly.</summary>
    Failed,

    /// <summary>Stopped; the mapping was deleted (or its deletion was attempted).</summary>
    Stopped,
}
