namespace MeshAgent.Dnsmasq.Supervision;

/// <summary>
/// How the supervisor restarts dnsmasq after an unexpected exit: exponential backoff, and at most
/// <see cref="MaxRestartsInWindow"/> restarts in <see cref="Window"/>; beyond that dnsmasq is reported
/// unhealthy and retried every <see cref="SlowRetry"/> until one run lasts <see cref="StableAfter"/>.
/// </summary>
public sealed record DnsmasqRestartPolicy
{
    /// <summary>The defaults described on each property.</summary>
    public static readonly DnsmasqRestartPolicy Default = new();

    /// <summary>First delay: short, since a crash often has a transient cause (an address not there yet).</summary>
    public TimeSpan InitialBackoff { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Each further consecutive exit doubles the delay up to this.</summary>
    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(8);

    /// <summary>The window restarts are counted in: NetworkManager's 30 s (ANCHORS.md).</summary>
    public TimeSpan Window { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Restarts allowed in <see cref="Window"/>: NetworkManager's 5 (ANCHORS.md).</summary>
    public int MaxRestartsInWindow { get; init; } = 5;

    /// <summary>Delay between attempts while crash-looping: slow enough to cost nothing, fast enough to heal by itself.</summary>
    public TimeSpan SlowRetry { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>A run this long ends a crash loop and resets the backoff.</summary>
    public TimeSpan StableAfter { get; init; } = TimeSpan.FromSeconds(30);
}
