using MeshAgent.Cli.Doctor.Checks;

namespace MeshAgent.Cli.Doctor;

/// <summary>Every check, in the order an operator would look: the daemon and its config, the host, then the mesh.</summary>
internal static class DoctorChecks
{
    public static IReadOnlyList<IDoctorCheck> All { get; } =
    [
        new DaemonCheck(),
        new ConfigCheck(),
        new WireGuardBackendCheck(),
        new NetworkManagerCheck(),
        new DnsPortCheck(),
        new FirewallPortCheck(),
        new ClockCheck(),
        new RecordExpiryCheck(),
        new HubHandshakeCheck(),
        new UplinkMtuCheck(),
        new GossipCheck(),
        new PortMappingCheck(),
    ];

    /// <summary>Runs every check on <paramref name="facts"/>.</summary>
    public static IReadOnlyList<DoctorResult> Run(DoctorFacts facts) => [.. All.Select(c => c.Run(facts))];
}
