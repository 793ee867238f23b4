using MeshAgent.Core.Records;

namespace MeshAgent.Core.Mesh;

/// <summary>Everything <see cref="DesiredStateBuilder"/> reads.</summary>
/// <param name="Settings">From the config.</param>
/// <param name="Self">This node's own verified record.</param>
/// <param name="Members">Other members with verified records (self excluded).</param>
/// <param name="Paths">Direct-path health by public key; a missing key means <see cref="DirectPathState.Untried"/>.</param>
public sealed record DesiredStateInput(
    MeshSettings Settings,
    NodeRecord Self,
    IReadOnlyList<MeshMember> Members,
    IReadOnlyDictionary<string, DirectPathState> Paths)
{
    /// <summary>
    /// Public keys the authority has isolated (a quarantine without revocation): no peer, bootstrap hub or name
    /// for them, whatever records and config say, until released.
    /// </summary>
    public IReadOnlySet<string> Isolated { get; init; } = new HashSet<string>();
}
