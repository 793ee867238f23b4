using System.Net;
using System.Net.NetworkInformation;

namespace MeshAgent.NetworkManager.Vrb;

/// <summary>
/// Reachability by ICMP echo (<see cref="Ping"/>) from the agent's own network namespace. ICMP rather
/// than a TCP connect because the targets are gateways and LAN peers, which answer echo but rarely
/// listen on any TCP port; .NET uses a raw socket as root and the ping binary otherwise.
/// The gateway comes from /proc/net/route. Thread-safe.
/// </summary>
public sealed class PingConnectivityProbe : IConnectivityProbe
{
    private readonly string _procNetRoute;

    /// <summary>Creates the probe.</summary>
    /// <param name="procNetRoute">Path of the route table file; /proc/net/route unless a test says otherwise.</param>
    public PingConnectivityProbe(string procNetRoute = "/proc/net/route") => _procNetRoute = procNetRoute;

    /// <inheritdoc />
    public async Task<IPAddress?> GetDefaultGatewayAsync(CancellationToken cancellationToken) =>
        DefaultRoute.ParseProcNetRoute(await File.ReadAllTextAsync(_procNetRoute, cancellationToken));

    /// <inheritdoc />
    public async Task<bool> PingAsync(IPAddress target, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var ping = new Ping();
        try
        {
            var reply = await ping.SendPingAsync(target, timeout, buffer: null, options: null, cancellationToken);
            return reply.Status == IPStatus.Success;
        }
        catch (PingException)
        {
            return false;
        }
    }
}
