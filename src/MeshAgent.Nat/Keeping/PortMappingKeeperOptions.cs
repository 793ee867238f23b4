namespace MeshAgent.Nat.Keeping;

/// <summary>How a <see cref="PortMappingKeeper"/> paces itself. Every default says why.</summary>
public sealed record PortMappingKeeperOptions
{
    /// <summary>Lifetime asked for: 2 h, RFC 6886's recommendation; renewed at half.</summary>
    public TimeSpan Lifetime { get; init; } = TimeSpan.FromHours(2);

    /// <summary>Each protocol's probe: a LAN gateway answers in milliseconds (Tailscale uses 250 ms).</summary>
    public TimeSpan ProbeTimeout { get; init; } = GatewayProbe.DefaultTimeout;

    /// <summary>
    /// How often a live mapping's gateway is asked for its epoch and external address between renewals, so a router
    /// reboot or a new WAN address is noticed within a minute rather than at the next renewal.
    /// </summary>
    public TimeSpan CheckInterval { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>First wait after a gateway answered nothing or refused; doubles up to <see cref="RetryMax"/>.</summary>
    public TimeSpan RetryInitial { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Longest wait between attempts: a network without port mapping costs one probe per 15 minutes.</summary>
    public TimeSpan RetryMax { get; init; } = TimeSpan.FromMinutes(15);

    /// <summary>How long the deletion on stop may take before the keeper gives up on it (the lease then just expires).</summary>
    public TimeSpan StopTimeout { get; init; } = TimeSpan.FromSeconds(5);
}
