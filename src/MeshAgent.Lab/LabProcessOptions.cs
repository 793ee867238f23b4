namespace MeshAgent.Lab;

/// <summary>How <see cref="LabHost.Start"/> runs a process.</summary>
public sealed class LabProcessOptions
{
    /// <summary>
    /// Bind the host's private directory (<see cref="LabHost.WireGuardRunDirectory"/>) over /run/wireguard
    /// for this process: wireguard-go and wg(8) have that path compiled in (LAB.md).
    /// </summary>
    public bool WireGuardRunDirectory { get; init; }

    /// <summary>Extra environment variables.</summary>
    public Dictionary<string, string> Environment { get; } = new(StringComparer.Ordinal);

    /// <summary>Working directory; the lab directory when null.</summary>
    public string? WorkingDirectory { get; init; }

    /// <summary>Short name for the log file; the executable's file name when null.</summary>
    public string? Name { get; init; }
}
