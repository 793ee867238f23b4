using MeshAgent.Core.Configuration;
using Microsoft.Extensions.Logging;

namespace MeshAgent.Daemon.Hosting;

/// <summary>
/// Sections that are present but turn nothing on, because the section they build on is absent. An admin who
/// wrote them expects something to happen, so every verb says so instead of ignoring them silently.
/// </summary>
public static partial class InactiveSections
{
    /// <summary>One line per inactive section: "<c>section: off: why</c>".</summary>
    public static IReadOnlyList<string> Describe(AgentConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var lines = new List<string>();
        if (config.Gossip is not null && (config.Mesh is null || config.Authority is null))
        {
            lines.Add("gossip: off: gossip carries the mesh's signed records, so it needs the mesh and authority sections");
        }

        if (config.Authority is not null && config.Mesh is null)
        {
            lines.Add("authority: off: the authority signs and verifies mesh records, so it needs a mesh section");
        }

        if (config.Nat is not null && config.Mesh is null)
        {
            lines.Add("nat: off: port mapping maps the WireGuard port, so it needs a mesh section");
        }

        return lines;
    }

    /// <summary>Logs each inactive section as a warning (the daemon's form of <see cref="Describe"/>).</summary>
    public static void Log(ILogger logger, AgentConfig config)
    {
        foreach (var line in Describe(config))
        {
            Inactive(logger, line);
        }
    }

    [LoggerMessage(EventId = 1030, Level = LogLevel.Warning, Message = "Configuration section inactive: {Notice}")]
    private static partial void Inactive(ILogger logger, string notice);
}
