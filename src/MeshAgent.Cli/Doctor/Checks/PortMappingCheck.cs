namespace MeshAgent.Cli.Doctor.Checks;

/// <summary>The router holds this node's port mapping (NAT-PMP, PCP or UPnP) when nat.port_mapping is on.</summary>
internal sealed class PortMappingCheck : IDoctorCheck
{
    public string Name => "port-mapping";

    public DoctorResult Run(DoctorFacts facts)
    {
        if (facts.Config?.Nat is null)
        {
            return DoctorResult.Skipped(Name, "No nat section: no port mapping wanted.");
        }

        if (facts.Status is not { } status)
        {
            return DoctorResult.Skipped(Name, "The daemon did not answer.");
        }

        var nat = status.Subsystems.FirstOrDefault(s => s.Subsystem is "nat" or "port-mapping" or "portmapping");
        if (nat is null)
        {
            return DoctorResult.Skipped(Name, "This daemon reports no port mapping subsystem.");
        }

        return nat.Problem is { } error
            ? DoctorResult.Fail(Name, $"Port mapping failed: {error}; enable NAT-PMP, PCP or UPnP on the router, or forward UDP {facts.Config.Mesh?.ListenPort} to this host by hand.")
            : DoctorResult.Ok(Name, "The router holds this node's port mapping.");
    }
}
