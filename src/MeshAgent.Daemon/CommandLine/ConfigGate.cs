using MeshAgent.Core;
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
        var result = LoadSafely(path);
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

    /// <summary>
    /// <see cref="AgentConfigLoader.LoadFile(string)"/>, with any exception the loader lets slip (a parser
    /// bug on odd input) turned into a problem: a bad file must never crash the daemon or a reload.
    /// </summary>
    public static ConfigLoadResult LoadSafely(string path)
    {
        try
        {
            return AgentConfigLoader.LoadFile(path);
        }
#pragma warning disable CA1031 // Any loader failure is a config problem, reported like the others.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            return new ConfigLoadResult(null, [new ConfigProblem(path, string.Empty, 0, 0, $"cannot parse the configuration: {ex.Message}")]);
        }
    }
}
