namespace MeshAgent.Core.Configuration.Yaml;

/// <summary>A 1-based position in the YAML text.</summary>
internal readonly record struct SourceMark(int Line, int Column)
{
    /// <summary>No position (file-level problems).</summary>
    public static SourceMark None => default;
}
