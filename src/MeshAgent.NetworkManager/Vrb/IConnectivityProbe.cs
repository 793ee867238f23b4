using System.Net;

namespace MeshAgent.NetworkManager.Vrb;

/// <summary>
/// Checks reachability from the host NetworkManager configures. Production uses
/// <see cref="PingConnectivityProbe"/> (the agent runs in that host's network namespace); the lab runs
/// the same checks inside a lab host. Thread-safe.
/// </summary>
public interface IConnectivityProbe
{
    /// <summary>The IPv4 default gateway of the main routing table, or null when there is none.</summary>
    Task<IPAddress?> GetDefaultGatewayAsync(CancellationToken cancellationToken);

    /// <summary>Sends one ICMP echo to <paramref name="target"/>; true when a reply came within <paramref name="timeout"/>.</summary>
    Task<bool> PingAsync(IPAddress target, TimeSpan timeout, CancellationToken cancellationToken);
}
