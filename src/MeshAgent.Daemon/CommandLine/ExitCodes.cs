namespace MeshAgent.Daemon.CommandLine;

/// <summary>Process exit codes (sysexits.h where one fits).</summary>
public static class ExitCodes
{
    /// <summary>Success.</summary>
    public const int Ok = 0;

    /// <summary>Something failed at run time (a subsystem did not converge, a socket could not be bound).</summary>
    public const int Failure = 1;

    /// <summary>EX_CONFIG: the configuration is invalid; nothing was touched.</summary>
    public const int Config = 78;
}
