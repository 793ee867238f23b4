namespace MeshAgent.Dnsmasq.Supervision;

/// <summary>Where the supervised dnsmasq is in its life.</summary>
public enum DnsmasqState
{
    /// <summary>Not supervised (not started yet, or stopped).</summary>
    Stopped,

    /// <summary>Started; the health probe has not answered yet.</summary>
    Starting,

    /// <summary>Running and answering the health probe.</summary>
    Ready,

    /// <summary>Running, answered before, but the last probe failed.</summary>
    NotAnswering,

    /// <summary>Exited unexpectedly; waiting out the backoff before the next start.</summary>
    Backoff,

    /// <summary>Exited too often (the restart limit was hit): unhealthy, retried slowly.</summary>
    CrashLoop,
}
