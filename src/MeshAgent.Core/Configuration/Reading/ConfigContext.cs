using MeshAgent.Core.Configuration.Yaml;

namespace MeshAgent.Core.Configuration.Reading;

/// <summary>
/// State of one load: the problems found so far and the position of every YAML path, so that any reader or
/// validator can report a problem by path alone. Not thread-safe; one per load.
/// </summary>
internal sealed class ConfigContext
{
    private readonly Dictionary<string, (SourceMark Key, SourceMark Value)> _marks = new(StringComparer.Ordinal);
    private readonly List<(ConfigProblem Problem, int Order)> _problems = [];

    public ConfigContext(string source, ConfigEnvironment environment)
    {
        Source = source;
        Environment = environment;
    }

    /// <summary>File name used in problems.</summary>
    public string Source { get; }

    /// <summary>Host name and file probe.</summary>
    public ConfigEnvironment Environment { get; }

    /// <summary>True when at least one problem was reported.</summary>
    public bool HasProblems => _problems.Count > 0;

    /// <summary>Remembers where the key and the value of <paramref name="path"/> are (first occurrence wins).</summary>
    public void Locate(string path, SourceMark key, SourceMark value) => _marks.TryAdd(path, (key, value));

    /// <summary>True when the document contains <paramref name="path"/>.</summary>
    public bool Contains(string path) => _marks.ContainsKey(path);

    /// <summary>
    /// Reports a problem at the value of <paramref name="path"/>; when the path is absent from the document
    /// (a missing required key), at the key of its nearest present ancestor.
    /// </summary>
    public void Report(string path, string message) => Add(path, MarkOf(path, atKey: false), message);

    /// <summary>Reports a problem at the key of <paramref name="path"/> (unknown and duplicate keys).</summary>
    public void ReportAtKey(string path, string message) => Add(path, MarkOf(path, atKey: true), message);

    /// <summary>Reports a problem at an explicit position.</summary>
    public void ReportAt(string path, SourceMark mark, string message) => Add(path, mark, message);

    /// <summary>
    /// True when no problem was reported at <paramref name="path"/> or below it. Cross-field rules check
    /// this first so that one mistake is not reported twice.
    /// </summary>
    public bool IsClean(string path)
    {
        foreach (var (problem, _) in _problems)
        {
            if (problem.Path == path
                || (problem.Path.StartsWith(path, StringComparison.Ordinal)
                    && problem.Path.Length > path.Length
                    && problem.Path[path.Length] is '.' or '['))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>True when every one of <paramref name="paths"/> is clean.</summary>
    public bool AreClean(params ReadOnlySpan<string> paths)
    {
        foreach (var path in paths)
        {
            if (!IsClean(path))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>All problems in file order (line, column), then in the order reported.</summary>
    public IReadOnlyList<ConfigProblem> Problems() =>
        [.. _problems
            .OrderBy(p => p.Problem.Line)
            .ThenBy(p => p.Problem.Column)
            .ThenBy(p => p.Order)
            .Select(p => p.Problem)];

    private void Add(string path, SourceMark mark, string message) =>
        _problems.Add((new ConfigProblem(Source, path, mark.Line, mark.Column, message), _problems.Count));

    private SourceMark MarkOf(string path, bool atKey)
    {
        if (_marks.TryGetValue(path, out var found))
        {
            return atKey ? found.Key : found.Value;
        }

        for (var parent = ConfigPath.Parent(path); parent.Length > 0; parent = ConfigPath.Parent(parent))
        {
            if (_marks.TryGetValue(parent, out var ancestor))
            {
                return ancestor.Key;
            }
        }

        return _marks.TryGetValue(string.Empty, out var root) ? root.Value : new SourceMark(1, 1);
    }
}
