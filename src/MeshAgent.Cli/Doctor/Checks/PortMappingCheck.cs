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

        if (status.PortMapping is not { } mapping)
        {
            return DoctorResult.Skipped(Name, "This daemon maps no port (nat.port_mapping is off, or there is no mesh).");
        }

        return mapping.State switch
        {
            "mapped" => DoctorResult.Ok(Name, $"The router holds this node's port mapping ({mapping.Protocol}, {mapping.ExternalEndpoint})."),
            "starting" => DoctorResult.Ok(Name, "The daemon is still asking the gateway."),
            _ => DoctorResult.Fail(Name, $"Port mapping {mapping.State}: {mapping.Problem ?? "no answer"}; enable NAT-PMP, PCP or UPnP on the router, or forward UDP {mapping.InternalPort} to this host by hand."),
        };
    }
}
