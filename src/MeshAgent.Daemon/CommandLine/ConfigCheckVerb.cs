using MeshAgent.Core;

namespace MeshAgent.Daemon.CommandLine;

/// <summary><c>meshagent config check</c>: validates the config; prints "PATH: ok" and exits 0, or every problem and exits 78.</summary>
public static class ConfigCheckVerb
{
    /// <summary>Runs the verb; returns the exit code.</summary>
    public static int Run(string configPath, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (ConfigGate.Load(configPath, error) is null)
        {
            return ExitCodes.Config;
        }

        output.WriteLine($"{configPath}: ok");
        return ExitCodes.Ok;
    }
}
