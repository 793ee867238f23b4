using MeshAgent.Core.Configuration;
using Microsoft.Extensions.Logging;

namespace MeshAgent.Daemon.Hosting;

/// <summary>
/// The configuration in force. Starts with the config validated at start-up; <see cref="Reload"/>
/// re-reads the file and swaps it in only when it is valid, so an invalid edit never replaces the last
/// good config. Sections that add or remove a subsystem, <c>http.listen</c> and <c>http.api_socket</c> take
/// effect at the next start. Thread-safe.
/// </summary>
public sealed partial class ConfigStore(string path, AgentConfig initial, ILogger<ConfigStore> logger)
{
    private volatile AgentConfig _current = initial;

    /// <summary>The file the config comes from.</summary>
    public string Path { get; } = path;

    /// <summary>The last good config.</summary>
    public AgentConfig Current => _current;

    /// <summary>Raised after a valid config was swapped in.</summary>
    public event EventHandler? Changed;

    /// <summary>Re-reads <see cref="Path"/>; logs every problem and keeps the current config when it is invalid.</summary>
    public ConfigLoadResult Reload()
    {
        var result = CommandLine.ConfigGate.LoadSafely(Path);
        if (result.IsValid && result.Config is not null)
        {
            _current = result.Config;
            Log.Reloaded(logger, Path);
            Changed?.Invoke(this, EventArgs.Empty);
        }
        else
        {
            foreach (var problem in result.Problems)
            {
                Log.Problem(logger, problem.ToString());
            }

            Log.KeptLastGood(logger, Path, result.Problems.Count);
        }

        return result;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1001, Level = LogLevel.Information, Message = "Configuration reloaded from {Path}")]
        public static partial void Reloaded(ILogger logger, string path);

        [LoggerMessage(EventId = 1002, Level = LogLevel.Error, Message = "Configuration problem: {Problem}")]
        public static partial void Problem(ILogger logger, string problem);

        [LoggerMessage(EventId = 1003, Level = LogLevel.Error, Message = "Configuration {Path} has {Count} problem(s): keeping the last good configuration")]
        public static partial void KeptLastGood(ILogger logger, string path, int count);
    }
}
