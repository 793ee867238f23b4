namespace MeshAgent.Core.Configuration;

/// <summary>
/// The outcome of loading a configuration: the typed config when it is valid, otherwise every problem found.
/// </summary>
/// <param name="Config">The configuration; null whenever <paramref name="Problems"/> is not empty.</param>
/// <param name="Problems">Every problem found, in file order (line, then column).</param>
public sealed record ConfigLoadResult(AgentConfig? Config, IReadOnlyList<ConfigProblem> Problems)
{
    /// <summary>True when there is no problem and <see cref="Config"/> is set.</summary>
    public bool IsValid => Config is not null && Problems.Count == 0;
}
