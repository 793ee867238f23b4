using MeshAgent.Core.Configuration;
using MeshAgent.Daemon.Hosting;

namespace MeshAgent.Daemon.CommandLine;

/// <summary>
/// Subsystems whose applied state is a process the daemon supervises. <c>apply --once</c> exits after its pass,
/// and a supervised child ends with its parent, so applying them once would report "converged" for something
/// gone a moment later; the verb says so and leaves them to <c>meshagent run</c> instead.
/// </summary>
internal static class DaemonBoundSubsystems
{
    /// <summary>Why <paramref name="subsystem"/> cannot be applied by a one-shot verb, or null when it can.</summary>
    public static string? Reason(AgentConfig config, string subsystem) => subsystem switch
    {
        "dnsmasq" => "dnsmasq runs as the daemon's supervised child and would stop when this verb exits; start the daemon (systemctl start meshagent)",
        "wireguard" when config.Mesh is { } mesh && !SubsystemCatalog.PrefersKernelWireGuard(mesh) =>
            "wg0 is a wireguard-go process on this host (no kernel WireGuard) and would stop when this verb exits; start the daemon (systemctl start meshagent)",
        _ => null,
    };
}
