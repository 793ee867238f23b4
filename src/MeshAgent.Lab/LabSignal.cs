namespace MeshAgent.Lab;

/// <summary>Signals a test sends to a lab process.</summary>
public enum LabSignal
{
    /// <summary>SIGHUP.</summary>
    Hup = 1,

    /// <summary>SIGINT.</summary>
    Interrupt = 2,

    /// <summary>SIGKILL.</summary>
    Kill = 9,

    /// <summary>SIGUSR1.</summary>
    Usr1 = 10,

    /// <summary>SIGTERM.</summary>
    Term = 15,

    /// <summary>SIGCONT.</summary>
    Cont = 18,

    /// <summary>SIGSTOP: freezes the process (a hung peer).</summary>
    Stop = 19,
}
