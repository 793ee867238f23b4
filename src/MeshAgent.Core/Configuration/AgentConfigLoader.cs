using MeshAgent.Core.Configuration.Reading;
using MeshAgent.Core.Configuration.Yaml;

namespace MeshAgent.Core.Configuration;

/// <summary>
/// Loads agent.yaml into an <see cref="AgentConfig"/>, collecting every problem (YAML syntax, unknown keys,
/// types, ranges, cross-field rules, key file modes) with its YAML path and line instead of stopping at the
/// first. Never throws for bad input. Thread-safe (no shared state).
/// </summary>
public static class AgentConfigLoader
{
    /// <summary>Where the daemon looks when no --config is given.</summary>
    public const string DefaultPath = "/etc/meshagent/agent.yaml";

    /// <summary>
    /// Reads and validates the file at <paramref name="path"/>. A missing or unreadable file is a problem in
    /// the result, not an exception. Besides reading this file, the only I/O is stat'ing the key files it names.
    /// </summary>
    public static ConfigLoadResult LoadFile(string path) => LoadFile(path, ConfigEnvironment.System);

    /// <summary>
    /// Validates <paramref name="yaml"/>; <paramref name="sourceName"/> names it in problems ("agent.yaml").
    /// Key files the text names are stat'ed on the real file system.
    /// </summary>
    public static ConfigLoadResult Parse(string yaml, string sourceName) => Parse(yaml, sourceName, ConfigEnvironment.System);

    /// <summary>For tests: <see cref="LoadFile(string)"/> with a chosen host name and file probe.</summary>
    internal static ConfigLoadResult LoadFile(string path, ConfigEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(path);
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception exception) when (exception is FileNotFoundException or DirectoryNotFoundException)
        {
            return Failed(path, "cannot read the configuration file: it does not exist");
        }
        catch (UnauthorizedAccessException)
        {
            return Failed(path, "cannot read the configuration file: permission denied");
        }
        catch (IOException exception)
        {
            return Failed(path, $"cannot read the configuration file: {exception.Message}");
        }

        return Parse(text, path, environment);
    }

    /// <summary>For tests: <see cref="Parse(string, string)"/> with a chosen host name and file probe.</summary>
    internal static ConfigLoadResult Parse(string yaml, string sourceName, ConfigEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        ArgumentNullException.ThrowIfNull(sourceName);
        ArgumentNullException.ThrowIfNull(environment);
        var document = ConfigYamlParser.Parse(yaml);
        if (document.Error is not null)
        {
            return new ConfigLoadResult(null, [new ConfigProblem(sourceName, string.Empty, document.ErrorMark.Line, document.ErrorMark.Column, document.Error)]);
        }

        var context = new ConfigContext(sourceName, environment);
        var root = document.Root ?? new ConfigMapping(new SourceMark(1, 1), []);
        ConfigIndexer.Index(root, context);
        var config = AgentConfigReader.Read(root, context);
        return context.HasProblems ? new ConfigLoadResult(null, context.Problems()) : new ConfigLoadResult(config, []);
    }

    private static ConfigLoadResult Failed(string source, string message) =>
        new(null, [new ConfigProblem(source, string.Empty, 0, 0, message)]);
}
