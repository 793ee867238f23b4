using System.Globalization;
using System.Net;
using MeshAgent.Lab;
using MeshAgent.NetworkManager.Vrb;

namespace MeshAgent.NetworkManager.Tests.Lab;

/// <summary>
/// For lab tests: the connectivity checks run inside the lab host NM manages (the test process sits in the
/// root namespace and must not probe lab addresses from there): ping(8) and /proc/net/route of the host,
/// parsed by the production <see cref="DefaultRoute"/>.
/// </summary>
internal sealed class LabHostConnectivityProbe(LabHost host) : IConnectivityProbe
{
    public async Task<IPAddress?> GetDefaultGatewayAsync(CancellationToken cancellationToken) =>
        DefaultRoute.ParseProcNetRoute((await host.RunCheckedAsync("cat", "/proc/net/route")).StdOut);

    public async Task<bool> PingAsync(IPAddress target, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var seconds = Math.Max(1, (int)Math.Ceiling(timeout.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        var result = await host.RunAsync("ping", ["-c", "1", "-W", seconds, target.ToString()], TimeSpan.FromSeconds(30), cancellationToken: cancellationToken);
        return result.Succeeded;
    }
}
