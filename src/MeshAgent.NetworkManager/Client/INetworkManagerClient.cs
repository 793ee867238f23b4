using MeshAgent.NetworkManager.Settings;

namespace MeshAgent.NetworkManager.Client;

/// <summary>
/// Typed access to the parts of NetworkManager's D-Bus API (org.freedesktop.NetworkManager, .Settings,
/// .Settings.Connection, .Device, .Connection.Active) the VRB reconciler uses. Object paths are strings;
/// "/" means none. Calls may run concurrently. Failures are <see cref="NetworkManagerException"/>;
/// NM or the bus being away is <see cref="NetworkManagerUnavailableException"/>. The real implementation
/// is <see cref="NetworkManagerClient"/>; unit tests use an in-process model.
/// </summary>
public interface INetworkManagerClient : IAsyncDisposable
{
    /// <summary>NetworkManager.GetDevices: paths of the realized devices.</summary>
    Task<IReadOnlyList<string>> GetDevicesAsync(CancellationToken cancellationToken);

    /// <summary>NetworkManager.GetDeviceByIpIface; null when NM has no such device.</summary>
    Task<string?> GetDeviceByIpIfaceAsync(string interfaceName, CancellationToken cancellationToken);

    /// <summary>NetworkManager.ActivateConnection; returns the active connection's path.</summary>
    Task<string> ActivateConnectionAsync(string connection, string device, string specificObject, CancellationToken cancellationToken);

    /// <summary>NetworkManager.DeactivateConnection.</summary>
    Task DeactivateConnectionAsync(string activeConnection, CancellationToken cancellationToken);

    /// <summary>NetworkManager.CheckpointCreate over <paramref name="devices"/> (empty: all); returns its path.</summary>
    /// <param name="devices">Device paths; empty means every device.</param>
    /// <param name="rollbackTimeoutSeconds">NM rolls back by itself after this many seconds; 0 = never.</param>
    /// <param name="flags">Creation flags.</param>
    /// <param name="cancellationToken">Cancels the wait for the reply.</param>
    Task<string> CheckpointCreateAsync(
        IReadOnlyList<string> devices, uint rollbackTimeoutSeconds, CheckpointCreateOptions flags, CancellationToken cancellationToken);

    /// <summary>NetworkManager.CheckpointRollback; returns device path → NMRollbackResult (0 = ok).</summary>
    Task<IReadOnlyDictionary<string, uint>> CheckpointRollbackAsync(string checkpoint, CancellationToken cancellationToken);

    /// <summary>NetworkManager.CheckpointDestroy.</summary>
    Task CheckpointDestroyAsync(string checkpoint, CancellationToken cancellationToken);

    /// <summary>NetworkManager.State.</summary>
    Task<NmState> GetStateAsync(CancellationToken cancellationToken);

    /// <summary>NetworkManager.Startup: true while NM is still starting up.</summary>
    Task<bool> GetStartupAsync(CancellationToken cancellationToken);

    /// <summary>NetworkManager.Connectivity.</summary>
    Task<NmConnectivityState> GetConnectivityAsync(CancellationToken cancellationToken);

    /// <summary>NetworkManager.ActiveConnections: paths.</summary>
    Task<IReadOnlyList<string>> GetActiveConnectionsAsync(CancellationToken cancellationToken);

    /// <summary>Settings.ListConnections: paths of all profiles.</summary>
    Task<IReadOnlyList<string>> ListConnectionsAsync(CancellationToken cancellationToken);

    /// <summary>Settings.AddConnection2 (no extra args); returns the new profile's path.</summary>
    Task<string> AddConnection2Async(ConnectionSettings settings, AddConnection2Options flags, CancellationToken cancellationToken);

    /// <summary>Settings.GetConnectionByUuid; null when no profile has that UUID.</summary>
    Task<string?> GetConnectionByUuidAsync(string uuid, CancellationToken cancellationToken);

    /// <summary>Settings.Connection.GetSettings (no secrets).</summary>
    Task<ConnectionSettings> GetSettingsAsync(string connection, CancellationToken cancellationToken);

    /// <summary>Settings.Connection.Update2: replaces the profile's settings.</summary>
    Task Update2Async(string connection, ConnectionSettings settings, Update2Options flags, CancellationToken cancellationToken);

    /// <summary>Settings.Connection.Delete (deactivates it first if active).</summary>
    Task DeleteAsync(string connection, CancellationToken cancellationToken);

    /// <summary>The Device properties Interface, DeviceType, State, Managed, ActiveConnection.</summary>
    Task<NmDevice> GetDeviceAsync(string device, CancellationToken cancellationToken);

    /// <summary>Sets Device.Managed (runtime only; NM forgets it when it restarts).</summary>
    Task SetDeviceManagedAsync(string device, bool managed, CancellationToken cancellationToken);

    /// <summary>Device.Reapply with the profile's current settings (no reactivation).</summary>
    Task ReapplyAsync(string device, CancellationToken cancellationToken);

    /// <summary>The Connection.Active properties Id, Uuid, State, Connection, Devices.</summary>
    Task<NmActiveConnection> GetActiveConnectionAsync(string activeConnection, CancellationToken cancellationToken);

    /// <summary>
    /// Delivers hints (NM owner changes, device state changes, connection loss) to <paramref name="onHint"/>
    /// until the returned handle is disposed. The handler runs on the client's dispatch thread: keep it short.
    /// </summary>
    Task<IAsyncDisposable> WatchAsync(Action<NmHint> onHint, CancellationToken cancellationToken);
}
