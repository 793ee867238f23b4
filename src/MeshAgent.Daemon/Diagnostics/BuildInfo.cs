using System.Reflection;

namespace MeshAgent.Daemon.Diagnostics;

/// <summary>The daemon's version and source commit, read once from the assembly's informational version ("0.1.0+sha").</summary>
/// <param name="Version">The version without build metadata, e.g. "0.1.0".</param>
/// <param name="Commit">The commit the build came from, or "unknown".</param>
public sealed record BuildInfo(string Version, string Commit)
{
    /// <summary>The build info of the running daemon.</summary>
    public static BuildInfo Current { get; } = FromInformationalVersion(
        typeof(BuildInfo).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion);

    /// <summary>Splits "1.2.3+abcdef" into version and commit; null or empty gives "0.0.0"/"unknown".</summary>
    public static BuildInfo FromInformationalVersion(string? informationalVersion)
    {
        if (string.IsNullOrWhiteSpace(informationalVersion))
        {
            return new BuildInfo("0.0.0", "unknown");
        }

        var plus = informationalVersion.IndexOf('+', StringComparison.Ordinal);
        return plus < 0
            ? new BuildInfo(informationalVersion, "unknown")
            : new BuildInfo(informationalVersion[..plus], informationalVersion[(plus + 1)..] is { Length: > 0 } commit ? commit : "unknown");
    }
}
