using System.Net;

namespace MeshAgent.Nat;

/// <summary>A mapping the gateway granted: <see cref="External"/> forwards to local UDP <see cref="InternalPort"/>.</summary>
/// <param name="Protocol">The protocol that made it.</param>
/// <param name="InternalPort">The local port that was mapped.</param>
/// <param name="External">The external address and port others reach us at.</param>
/// <param name="Lifetime">What the gateway granted; renew at half of it.</param>
/// <param name="GrantedAt">When the grant arrived, on the mapper's clock.</param>
/// <param name="Epoch">The gateway's seconds since its epoch (NAT-PMP/PCP); a value going backwards means it restarted.</param>
public sealed record PortMapping(
    PortMappingProtocol Protocol,
    ushort InternalPort,
    IPEndPoint External,
    TimeSpan Lifetime,
    DateTimeOffset GrantedAt,
    uint Epoch)
{
    /// <summary>When the gateway drops the mapping unless renewed.</summary>
    public DateTimeOffset ExpiresAt => GrantedAt + Lifetime;

    /// <summary>When to renew: half the lifetime, as RFC 6886 section 3.3 recommends.</summary>
    public DateTimeOffset RenewAt => GrantedAt + (Lifetime / 2);

    /// <summary>
    /// True when the gateway only granted a permanent lease (UPnP faults 725/402): it never expires on its own, so the
    /// mapper deletes it on stop, and <see cref="Lifetime"/> is only how often it is re-added to survive a router reboot.
    /// </summary>
    public bool Permanent { get; init; }
}
