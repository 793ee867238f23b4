namespace MeshAgent.Core;

/// <summary>Process exit codes of meshagent and meshctl, following sysexits(3) where one fits.</summary>
public static class ExitCodes
{
    /// <summary>Success.</summary>
    public const int Ok = 0;

    /// <summary>Something failed at run time (a subsystem did not converge, a socket could not be bound).</summary>
    public const int Failure = 1;

    /// <summary>
    /// EX_CONFIG (sysexits.h): the configuration is invalid and nothing was touched. systemd's
    /// RestartPreventExitStatus names it, so that a broken agent.yaml does not cause a restart loop.
    /// </summary>
    public const int Config = 78;
}
