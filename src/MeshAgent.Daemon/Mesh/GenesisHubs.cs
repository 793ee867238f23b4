using MeshAgent.Core.Genesis;

namespace MeshAgent.Daemon.Mesh;

/// <summary>
/// The hubs of the newest verified Genesis beacon, for a node whose config names none: admission asks them as it
/// would ask mesh.hubs. Thread-safe.
/// </summary>
public sealed class GenesisHubs
{
    private readonly TaskCompletionSource _firstHeard = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile Heard? _heard;

    /// <summary>Completes when the first beacon is taken, so that admission asks at once instead of at its next retry.</summary>
    public Task FirstHeard => _firstHeard.Task;

    /// <summary>The hubs of the last beacon; empty before the first.</summary>
    public IReadOnlyList<BeaconHub> Hubs => _heard?.Hubs ?? [];

    /// <summary>When the first beacon was accepted (monotonic timestamp), for the beacon-to-admitted figure.</summary>
    public long? FirstHeardTimestamp { get; private set; }

    /// <summary>Takes the hubs of a verified beacon.</summary>
    public void Take(GenesisBeacon beacon, long timestamp)
    {
        ArgumentNullException.ThrowIfNull(beacon);
        FirstHeardTimestamp ??= timestamp;
        _heard = new Heard(beacon.Hubs);
        _firstHeard.TrySetResult();
    }

    private sealed record Heard(IReadOnlyList<BeaconHub> Hubs);
}
