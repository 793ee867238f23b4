namespace MeshAgent.Firewall.Firewalld;

/// <summary>
/// The part of firewalld's D-Bus API we use. A seam so the reconciler is tested against a fake; the real one is
/// <see cref="FirewalldDBusClient"/>. Failures throw <see cref="FirewallException"/> naming firewalld's error code.
/// </summary>
public interface IFirewalldClient
{
    /// <summary>The default zone (where interfaces bound to no zone land).</summary>
    Task<string> GetDefaultZoneAsync(CancellationToken cancellationToken);

    /// <summary>The runtime zone <paramref name="interfaceName"/> is bound to; empty when none.</summary>
    Task<string> GetZoneOfInterfaceAsync(string interfaceName, CancellationToken cancellationToken);

    /// <summary>True when <paramref name="setting"/> is in force in <paramref name="scope"/>.</summary>
    Task<bool> QueryAsync(FirewalldScope scope, FirewalldSetting setting, CancellationToken cancellationToken);

    /// <summary>Adds <paramref name="setting"/>; already present is success.</summary>
    Task AddAsync(FirewalldScope scope, FirewalldSetting setting, CancellationToken cancellationToken);

    /// <summary>Removes <paramref name="setting"/>; already absent is success.</summary>
    Task RemoveAsync(FirewalldScope scope, FirewalldSetting setting, CancellationToken cancellationToken);

    /// <summary>
    /// Calls <paramref name="onReloaded"/> after every firewalld reload (the <c>Reloaded</c> signal) until the
    /// returned handle is disposed. The callback runs on a library thread and must not throw.
    /// </summary>
    Task<IDisposable> WatchReloadedAsync(Action onReloaded, CancellationToken cancellationToken);
}
