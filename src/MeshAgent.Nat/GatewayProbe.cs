using System.Net;
using MeshAgent.Nat.NatPmp;
using MeshAgent.Nat.Pcp;
using MeshAgent.Nat.Upnp;

namespace MeshAgent.Nat;

/// <summary>
/// Probes every mapper for one gateway at once and picks the most preferred one that answered
/// (NAT-PMP, then PCP, then UPnP: <see cref="PortMappingProtocol"/> order).
/// </summary>
public static class GatewayProbe
{
    /// <summary>How long each protocol gets to answer: a LAN gateway answers in well under this (Tailscale uses 250 ms).</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromMilliseconds(250);

    /// <summary>One mapper per protocol for <paramref name="gateway"/>, to probe together; the caller disposes them.</summary>
    public static IReadOnlyList<IPortMapper> CreateMappers(IPAddress gateway, TimeProvider time) =>
        [new NatPmpPortMapper(gateway, time), new PcpPortMapper(gateway, time), new UpnpPortMapper(gateway, time)];

    /// <summary>
    /// Probes <paramref name="mappers"/> in parallel, each within <paramref name="timeout"/>, and returns the preferred
    /// one that answered with which protocols answered, or null with none when the gateway answered nothing (the caller
    /// then retries slowly).
    /// </summary>
    public static async Task<GatewayProbeResult> ProbeAsync(IReadOnlyList<IPortMapper> mappers, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(mappers);
        var answers = await Task.WhenAll(mappers.Select(m => m.ProbeAsync(timeout, cancellationToken))).ConfigureAwait(false);
        var answered = mappers.Where((_, i) => answers[i]).OrderBy(m => m.Protocol).ToList();
        return new GatewayProbeResult(answered.FirstOrDefault(), answered.Select(m => m.Protocol).ToList());
    }
}

/// <summary>What a gateway probe found.</summary>
/// <param name="Preferred">The mapper to use, or null when no protocol answered.</param>
/// <param name="Answered">Every protocol that answered, most preferred first.</param>
public sealed record GatewayProbeResult(IPortMapper? Preferred, IReadOnlyList<PortMappingProtocol> Answered);
