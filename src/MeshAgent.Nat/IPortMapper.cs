namespace MeshAgent.Nat;

/// <summary>
/// One port-mapping protocol spoken to one gateway (NAT-PMP, PCP, UPnP IGD): the same shape for each backend,
/// chosen at start-up by probing them in parallel. Implementations are not thread-safe: one caller drives each.
/// </summary>
public interface IPortMapper : IAsyncDisposable
{
    /// <summary>The protocol this mapper speaks.</summary>
    PortMappingProtocol Protocol { get; }

    /// <summary>
    /// Asks the gateway once whether it speaks this protocol, within <paramref name="timeout"/>.
    /// Returns false when nothing usable answered; never throws for a silent or hostile gateway.
    /// </summary>
    Task<bool> ProbeAsync(TimeSpan timeout, CancellationToken cancellationToken);

    /// <summary>
    /// Maps UDP <paramref name="internalPort"/> on the gateway for <paramref name="lifetime"/> (the gateway may grant
    /// less); calling it again before expiry renews the same mapping.
    /// </summary>
    /// <exception cref="PortMappingException">The gateway refused, or did not answer in time.</exception>
    Task<PortMapping> MapUdpAsync(ushort internalPort, TimeSpan lifetime, CancellationToken cancellationToken);

    /// <summary>
    /// Asks the gateway, cheaply and once within <paramref name="timeout"/>, what can change under a live mapping: its
    /// external address and its epoch (NAT-PMP external-address request, PCP ANNOUNCE, UPnP GetExternalIPAddress).
    /// Null when it did not answer; never throws for a silent or hostile gateway.
    /// </summary>
    Task<GatewayObservation?> ObserveAsync(TimeSpan timeout, CancellationToken cancellationToken);

    /// <summary>Deletes the mapping made by <see cref="MapUdpAsync"/>, if any (lifetime 0).</summary>
    /// <exception cref="PortMappingException">The gateway refused, or did not answer in time.</exception>
    Task UnmapAsync(CancellationToken cancellationToken);
}
