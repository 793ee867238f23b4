using System.Globalization;

namespace MeshAgent.Core.Configuration;

/// <summary>One problem found while loading a configuration file.</summary>
/// <param name="Source">The file name or source name given to the loader.</param>
/// <param name="Path">YAML path of the offending node, e.g. "mesh.hubs[1].endpoint"; empty for file-level problems.</param>
/// <param name="Line">1-based line, 0 when the problem has no position (e.g. the file is missing).</param>
/// <param name="Column">1-based column, 0 when the problem has no position.</param>
/// <param name="Message">What is wrong, in one human line; never contains secret values.</param>
public sealed record ConfigProblem(string Source, string Path, int Line, int Column, string Message)
{
    /// <summary>"agent.yaml:12:5: mesh.listen_port: 70000 is out of range 1-65535", the compiler-style line.</summary>
    public override string ToString()
    {
        var location = Line > 0
            ? string.Create(CultureInfo.InvariantCulture, $"{Source}:{Line}:{Column}")
            : Source;
        return Path.Length == 0 ? $"{location}: {Message}" : $"{location}: {Path}: {Message}";
    }
}
