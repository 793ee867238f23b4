namespace MeshAgent.Dnsmasq.Supervision;

/// <summary>The signals the supervisor sends (Linux numbers).</summary>
public enum ProcessSignal
{
    /// <summary>SIGHUP: dnsmasq re-reads hosts files and clears its cache; it does not re-read the config.</summary>
    Hangup = 1,

    /// <summary>SIGKILL.</summary>
    Kill = 9,

    /// <summary>SIGTERM: orderly exit.</summary>
    Terminate = 15,
}
