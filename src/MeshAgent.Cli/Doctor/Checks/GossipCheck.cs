namespace MeshAgent.Cli.Doctor.Checks;

/// <summary>Gossip sees at least one other member alive; otherwise this node hears nothing of the mesh.</summary>
internal sealed class GossipCheck : IDoctorCheck
{
    public string Name => "gossip";

    public DoctorResult Run(DoctorFacts facts)
    {
        if (facts.Config?.Gossip is null)
        {
            return DoctorResult.Skipped(Name, "No gossip section.");
        }

        if (facts.Members is not { } members)
        {
            return DoctorResult.Skipped(Name, "The daemon did not answer.");
        }

        // Devices without the agent never gossip.
        var others = members.Where(m => m.State != "self" && m.Role != "client").ToList();
        var alive = others.Count(m => m.State == "alive");
        return alive > 0
            ? DoctorResult.Ok(Name, $"{alive} of {others.Count} other member(s) alive.")
            : DoctorResult.Fail(Name, $"Gossip sees no other member alive ({others.Count} known); check that UDP/TCP port {facts.Config.Gossip.Port} is open on the mesh addresses and gossip.key_file is the mesh's key.");
    }
}
