namespace MeshAgent.Core.Api;

/// <summary>What one subsystem's reconciler last did, as the daemon reports it. Times are UTC.</summary>
/// <param name="Subsystem">The reconciler's subsystem name, e.g. "wireguard".</param>
/// <param name="State">Outcome of the last attempt.</param>
/// <param name="Problem">Why the last attempt did not converge, one human line; null when converged or pending.</param>
/// <param name="LastAttempt">When the last attempt finished; null before the first.</param>
/// <param name="LastSuccess">When the subsystem last converged; null if never.</param>
/// <param name="ConsecutiveFailures">Failed attempts since the last success.</param>
/// <param name="NextRetry">While backing off: the earliest time of the next attempt; otherwise null.</param>
/// <param name="LastDurationSeconds">Duration of the last attempt in seconds; null before the first.</param>
public sealed record SubsystemStatus(
    string Subsystem,
    SubsystemState State,
    string? Problem,
    DateTimeOffset? LastAttempt,
    DateTimeOffset? LastSuccess,
    int ConsecutiveFailures,
    DateTimeOffset? NextRetry,
    double? LastDurationSeconds);
