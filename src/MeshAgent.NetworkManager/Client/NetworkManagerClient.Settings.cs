using MeshAgent.DBus;
using MeshAgent.NetworkManager.Settings;

namespace MeshAgent.NetworkManager.Client;

public sealed partial class NetworkManagerClient
{
    /// <inheritdoc />
    public async Task<IReadOnlyList<string>> ListConnectionsAsync(CancellationToken cancellationToken)
    {
        const string op = "Settings.ListConnections";
        var reply = await CallAsync(op, SettingsPath, SettingsInterface, "ListConnections", null, cancellationToken);
        return Read(op, () => Paths(reply[0]));
    }

    /// <inheritdoc />
    public async Task<string> AddConnection2Async(ConnectionSettings settings, AddConnection2Options flags, CancellationToken cancellationToken)
    {
        const string op = "Settings.AddConnection2";
        var reply = await CallAsync(op, SettingsPath, SettingsInterface, "AddConnection2",
            [SettingsCodec.Encode(settings), DBusValue.UInt32((uint)flags), DBusValue.PropertyMap([])], cancellationToken);
        return Read(op, () => reply[0].AsString());
    }

    /// <inheritdoc />
    public async Task<string?> GetConnectionByUuidAsync(string uuid, CancellationToken cancellationToken)
    {
        const string op = "Settings.GetConnectionByUuid";
        try
        {
            var reply = await CallAsync(op, SettingsPath, SettingsInterface, "GetConnectionByUuid", [DBusValue.String(uuid)], cancellationToken);
            return Read(op, () => reply[0].AsString());
        }
        catch (NetworkManagerException e) when (e.ErrorName == "org.freedesktop.NetworkManager.Settings.InvalidConnection")
        {
            return null;
        }
    }

    /// <inheritdoc />
    public async Task<ConnectionSettings> GetSettingsAsync(string connection, CancellationToken cancellationToken)
    {
        const string op = "Settings.Connection.GetSettings";
        var reply = await CallAsync(op, connection, ConnectionInterface, "GetSettings", null, cancellationToken);
        return Read(op, () => SettingsCodec.Decode(reply[0]));
    }

    /// <inheritdoc />
    public Task Update2Async(string connection, ConnectionSettings settings, Update2Options flags, CancellationToken cancellationToken) =>
        CallAsync("Settings.Connection.Update2", connection, ConnectionInterface, "Update2",
            [SettingsCodec.Encode(settings), DBusValue.UInt32((uint)flags), DBusValue.PropertyMap([])], cancellationToken);

    /// <inheritdoc />
    public Task DeleteAsync(string connection, CancellationToken cancellationToken) =>
        CallAsync("Settings.Connection.Delete", connection, ConnectionInterface, "Delete", null, cancellationToken);
}
