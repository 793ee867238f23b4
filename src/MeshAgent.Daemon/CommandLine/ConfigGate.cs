using MeshAgent.Core.Configuration;

namespace MeshAgent.Daemon.CommandLine;

/// <summary>Loads and validates the config before a verb does anything else.</summary>
public static class ConfigGate
{
    /// <summary>
    /// Loads <paramref name="path"/>; when invalid prints every problem (one per line, "file:line:col: path:
    /// message") to <paramref name="error"/> and returns null — the caller then exits with
    /// <see cref="ExitCodes.Config"/> before binding or touching anything.
    /// </summary>
    public static AgentConfig? Load(string path, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(error);
        var result = AgentConfigLoader.LoadFile(path);
        if (result.IsValid && result.Config is not null)
        {
            return result.Config;
        }

        foreach (var problem in result.Problems)
        {
            error.WriteLine(problem.ToString());
        }

        if (result.Problems.Count == 0)
        {
            error.WriteLine($"{path}: invalid configuration");
        }

        error.WriteLine($"meshagent: {path}: {Math.Max(1, result.Problems.Count)} problem(s); nothing was changed");
        return null;
    }
}
