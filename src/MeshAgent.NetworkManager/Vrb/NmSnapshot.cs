using MeshAgent.NetworkManager.Client;
using MeshAgent.NetworkManager.Settings;

namespace MeshAgent.NetworkManager.Vrb;

/// <summary>What NetworkManager holds at one moment: profiles, devices, active connections. Immutable.</summary>
/// <param name="Profiles">Every profile with its path.</param>
/// <param name="Devices">Every device.</param>
/// <param name="ActiveConnections">Every active connection.</param>
public sealed record NmSnapshot(
    IReadOnlyList<NmProfile> Profiles, IReadOnlyList<NmDevice> Devices, IReadOnlyList<NmActiveConnection> ActiveConnections)
{
    /// <summary>Reads everything through <paramref name="client"/>. Objects that vanish while reading are skipped.</summary>
    public static async Task<NmSnapshot> ReadAsync(INetworkManagerClient client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        var profiles = new List<NmProfile>();
        foreach (var path in await client.ListConnectionsAsync(cancellationToken))
        {
            var settings = await ReadOrNullAsync(() => client.GetSettingsAsync(path, cancellationToken));
            if (settings is not null)
            {
                profiles.Add(new NmProfile(path, settings));
            }
        }

        var devices = new List<NmDevice>();
        foreach (var path in await client.GetDevicesAsync(cancellationToken))
        {
            var device = await ReadOrNullAsync(() => client.GetDeviceAsync(path, cancellationToken));
            if (device is not null)
            {
                devices.Add(device);
            }
        }

        var active = new List<NmActiveConnection>();
        foreach (var path in await client.GetActiveConnectionsAsync(cancellationToken))
        {
            var connection = await ReadOrNullAsync(() => client.GetActiveConnectionAsync(path, cancellationToken));
            if (connection is not null)
            {
                active.Add(connection);
            }
        }

        return new NmSnapshot(profiles, devices, active);
    }

    /// <summary>The profile with <paramref name="uuid"/>, or null.</summary>
    public NmProfile? ProfileByUuid(string uuid) =>
        Profiles.FirstOrDefault(p => string.Equals(p.Settings.Uuid, uuid, StringComparison.OrdinalIgnoreCase));

    /// <summary>The device named <paramref name="interfaceName"/>, or null.</summary>
    public NmDevice? DeviceByInterface(string interfaceName) =>
        Devices.FirstOrDefault(d => d.Interface == interfaceName);

    /// <summary>The activating or activated connection of profile <paramref name="uuid"/>, or null.</summary>
    public NmActiveConnection? ActiveByUuid(string uuid) =>
        ActiveConnections.FirstOrDefault(a =>
            string.Equals(a.Uuid, uuid, StringComparison.OrdinalIgnoreCase)
            && a.State is NmActiveConnectionState.Activating or NmActiveConnectionState.Activated);

    // NM removes objects at any time (a device going away, an active connection finishing); a vanished
    // object is simply not part of this snapshot.
    private static async Task<T?> ReadOrNullAsync<T>(Func<Task<T>> read)
        where T : class
    {
        try
        {
            return await read();
        }
        catch (NetworkManagerException e) when (e is not NetworkManagerUnavailableException && e.ErrorName is not null)
        {
            return null;
        }
    }
}

/// <summary>A profile NM holds.</summary>
/// <param name="Path">Settings.Connection object path.</param>
/// <param name="Settings">Its settings.</param>
public sealed record NmProfile(string Path, ConnectionSettings Settings);
