namespace MeshAgent.Dnsmasq.Probing;

/// <summary>Asks a running dnsmasq a question whose answer we know.</summary>
public interface IDnsmasqProbe
{
    /// <summary>One probe. Never throws for a failed probe: the result says why. Thread-safe.</summary>
    Task<DnsmasqProbeResult> ProbeAsync(CancellationToken cancellationToken);
}

/// <summary>Outcome of one probe.</summary>
/// <param name="Answered">True when the expected address came back.</param>
/// <param name="Latency">Time from send to answer (or to giving up).</param>
/// <param name="Problem">Why it failed, one human line; null when answered.</param>
public sealed record DnsmasqProbeResult(bool Answered, TimeSpan Latency, string? Problem);
