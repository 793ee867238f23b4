namespace MeshAgent.NetworkManager.Vrb;

/// <summary>Timing of the VRB reconciler; the defaults suit a real host. Immutable.</summary>
public sealed record VrbReconcilerOptions
{
    /// <summary>How long an apply waits for every profile to reach "activated" before rolling back.</summary>
    public TimeSpan ActivationTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long the connectivity check keeps trying after activation before rolling back. A just-enslaved
    /// port needs a moment (neighbour discovery) before the gateway answers again.
    /// </summary>
    public TimeSpan ConnectivityTimeout { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>Timeout of one ICMP echo.</summary>
    public TimeSpan PingTimeout { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Pause between polls of NM while waiting (activation, a vanishing link).</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Quiet time after the last hint before a reconcile is requested (NM emits bursts of signals).</summary>
    public TimeSpan HintDebounce { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>How long an apply waits for a deleted bridge's link to vanish before re-using names (LAB.md: re-adding at once fails about 1 in 8).</summary>
    public TimeSpan LinkVanishTimeout { get; init; } = TimeSpan.FromSeconds(10);
}
