using System.Net;
using MeshAgent.NetworkManager.Vrb;

namespace MeshAgent.NetworkManager.Tests.Fakes;

/// <summary>For tests: a probe whose gateway and reachable addresses are set by the test; records pings.</summary>
internal sealed class FakeConnectivityProbe : IConnectivityProbe
{
    public IPAddress? Gateway { get; set; } = IPAddress.Parse("192.0.2.1");

    public HashSet<IPAddress> Reachable { get; } = [IPAddress.Parse("192.0.2.1")];

    public List<IPAddress> Pinged { get; } = [];

    public Task<IPAddress?> GetDefaultGatewayAsync(CancellationToken cancellationToken) => Task.FromResult(Gateway);

    public Task<bool> PingAsync(IPAddress target, TimeSpan timeout, CancellationToken cancellationToken)
    {
        Pinged.Add(target);
        return Task.FromResult(Reachable.Contains(target));
    }
}
