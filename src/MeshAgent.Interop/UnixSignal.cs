namespace MeshAgent.Interop;

/// <summary>Linux signal numbers (x86_64 and arm64 agree on these).</summary>
public enum UnixSignal
{
    /// <summary>SIGHUP: reload.</summary>
    Hangup = 1,

    /// <summary>SIGINT.</summary>
    Interrupt = 2,

    /// <summary>SIGKILL: cannot be caught.</summary>
    Kill = 9,

    /// <summary>SIGUSR1.</summary>
    User1 = 10,

    /// <summary>SIGUSR2.</summary>
    User2 = 12,

    /// <summary>SIGTERM: orderly stop.</summary>
    Terminate = 15,

    /// <summary>SIGCONT.</summary>
    Continue = 18,

    /// <summary>SIGSTOP: cannot be caught.</summary>
    Stop = 19,
}
