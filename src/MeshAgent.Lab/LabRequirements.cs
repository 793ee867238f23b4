namespace MeshAgent.Lab;

/// <summary>What the lab needs from the machine, checked up front so a test says why it cannot run.</summary>
public static class LabRequirements
{
    private static readonly string[] SearchPath =
        (Environment.GetEnvironmentVariable("PATH") ?? "/usr/sbin:/usr/bin:/sbin:/bin").Split(':', StringSplitOptions.RemoveEmptyEntries)
        .Concat(["/usr/sbin", "/sbin"]).Distinct(StringComparer.Ordinal).ToArray();

    /// <summary>True when the process runs as root (network namespaces need CAP_SYS_ADMIN).</summary>
    public static bool IsRoot => Environment.UserName == "root" || Environment.GetEnvironmentVariable("USER") == "root";

    /// <summary>True under CI (CI=true), where a missing prerequisite is a failure, not a skip.</summary>
    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>Full path of <paramref name="tool"/> on PATH (sbin included), or null.</summary>
    public static string? FindTool(string tool)
    {
        ArgumentNullException.ThrowIfNull(tool);
        if (tool.Contains('/', StringComparison.Ordinal))
        {
            return File.Exists(tool) ? tool : null;
        }

        return SearchPath.Select(dir => Path.Combine(dir, tool)).FirstOrDefault(File.Exists);
    }

    /// <summary>The tools among <paramref name="tools"/> that are not installed.</summary>
    public static IReadOnlyList<string> MissingTools(IEnumerable<string> tools) =>
        [.. tools.Where(t => FindTool(t) is null)];

    /// <summary>Throws <see cref="LabUnavailableException"/> unless this machine can build a lab.</summary>
    public static void EnsureLabCanRun()
    {
        if (!OperatingSystem.IsLinux())
        {
            throw new LabUnavailableException("the lab needs Linux network namespaces");
        }

        if (!IsRoot)
        {
            throw new LabUnavailableException("the lab needs root (network namespaces, veth, nftables)");
        }

        var missing = MissingTools(["ip", "nft"]);
        if (missing.Count > 0)
        {
            throw new LabUnavailableException($"missing tools: {string.Join(", ", missing)} (apt-get install iproute2 nftables)");
        }
    }
}

/// <summary>This machine cannot run the lab; the message says why.</summary>
public sealed class LabUnavailableException : Exception
{
    /// <summary>Creates the exception.</summary>
    public LabUnavailableException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public LabUnavailableException()
    {
    }

    /// <summary>Creates the exception.</summary>
    public LabUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
