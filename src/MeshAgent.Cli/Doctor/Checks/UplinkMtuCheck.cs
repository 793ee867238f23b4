namespace MeshAgent.Cli.Doctor.Checks;

/// <summary>
/// The uplink carries wg0's packets plus WireGuard's overhead: 80 bytes over IPv6 (40 IP + 8 UDP + 32 WireGuard),
/// so an uplink below wg0's MTU + 80 fragments or drops full-size packets.
/// </summary>
internal sealed class UplinkMtuCheck : IDoctorCheck
{
    /// <summary>IPv6 header, UDP header, WireGuard data header and tag: the worst case wg-quick also budgets.</summary>
    public const int Overhead = 80;

    public string Name => "uplink-mtu";

    public DoctorResult Run(DoctorFacts facts)
    {
        if (facts.Config?.Mesh is not { } mesh)
        {
            return DoctorResult.Skipped(Name, "No mesh section.");
        }

        if (facts.UplinkInterface is not { } uplink || facts.UplinkMtu is not { } mtu)
        {
            return DoctorResult.Skipped(Name, "The interface towards the hubs was not found.");
        }

        return mtu < mesh.Mtu + Overhead
            ? DoctorResult.Fail(Name, $"The uplink {uplink} has MTU {mtu}, less than {mesh.Interface}'s {mesh.Mtu} + {Overhead}; set mesh.mtu to {mtu - Overhead} or raise {uplink}'s MTU.")
            : DoctorResult.Ok(Name, $"The uplink {uplink} (MTU {mtu}) carries {mesh.Interface}'s MTU {mesh.Mtu} + {Overhead}.");
    }
}
