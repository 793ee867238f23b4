namespace MeshAgent.Core;

/// <summary>Process exit codes of meshagent and meshctl, following sysexits(3) where one fits.</summary>
public static class ExitCodes
{
    /// <summary>Success.</summary>
    public const int Success = 0;

    /// <summary>
    /// EX_CONFIG (sysexits.h): the configuration is invalid. systemd's RestartPreventExitStatus can name it
    /// so that a broken agent.yaml does not cause a restart loop.
    /// </summary>
    public const int ExitConfigError = 78;
}
