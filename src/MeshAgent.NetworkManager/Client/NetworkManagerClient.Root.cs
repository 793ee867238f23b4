using MeshAgent.DBus;

namespace MeshAgent.NetworkManager.Client;

public sealed partial class NetworkManagerClient
{
    /// <inheritdoc />
    public async Task<IReadOnlyList<string>> GetDevicesAsync(CancellationToken cancellationToken)
    {
        const string op = "NetworkManager.GetDevices";
        var reply = await CallAsync(op, RootPath, RootInterface, "GetDevices", null, cancellationToken);
        return Read(op, () => Paths(reply[0]));
    }

    /// <inheritdoc />
    public async Task<string?> GetDeviceByIpIfaceAsync(string interfaceName, CancellationToken cancellationToken)
    {
        const string op = "NetworkManager.GetDeviceByIpIface";
        try
        {
            var reply = await CallAsync(op, RootPath, RootInterface, "GetDeviceByIpIface", [DBusValue.String(interfaceName)], cancellationToken);
            return Read(op, () => reply[0].AsString());
        }
        catch (NetworkManagerException e) when (e.ErrorName == "org.freedesktop.NetworkManager.UnknownDevice")
        {
            return null;
        }
    }

    /// <inheritdoc />
    public async Task<string> ActivateConnectionAsync(string connection, string device, string specificObject, CancellationToken cancellationToken)
    {
        const string op = "NetworkManager.ActivateConnection";
        var reply = await CallAsync(op, RootPath, RootInterface, "ActivateConnection",
            [DBusValue.ObjectPath(connection), DBusValue.ObjectPath(device), DBusValue.ObjectPath(specificObject)], cancellationToken);
        return Read(op, () => reply[0].AsString());
    }

    /// <inheritdoc />
    public Task DeactivateConnectionAsync(string activeConnection, CancellationToken cancellationToken) =>
        CallAsync("NetworkManager.DeactivateConnection", RootPath, RootInterface, "DeactivateConnection",
            [DBusValue.ObjectPath(activeConnection)], cancellationToken);

    /// <inheritdoc />
    public async Task<string> CheckpointCreateAsync(
        IReadOnlyList<string> devices, uint rollbackTimeoutSeconds, CheckpointCreateOptions flags, CancellationToken cancellationToken)
    {
        const string op = "NetworkManager.CheckpointCreate";
        var reply = await CallAsync(op, RootPath, RootInterface, "CheckpointCreate",
        [
            DBusValue.Array(DBusType.ObjectPath, devices.Select(DBusValue.ObjectPath)),
            DBusValue.UInt32(rollbackTimeoutSeconds),
            DBusValue.UInt32((uint)flags),
        ], cancellationToken);
        return Read(op, () => reply[0].AsString());
    }

    /// <inheritdoc />
    public async Task<IReadOnlyDictionary<string, uint>> CheckpointRollbackAsync(string checkpoint, CancellationToken cancellationToken)
    {
        const string op = "NetworkManager.CheckpointRollback";
        var reply = await CallAsync(op, RootPath, RootInterface, "CheckpointRollback", [DBusValue.ObjectPath(checkpoint)], cancellationToken);
        return Read(op, () => reply[0].AsDictionary().ToDictionary(kv => kv.Key.AsString(), kv => kv.Value.AsUInt32(), StringComparer.Ordinal));
    }

    /// <inheritdoc />
    public Task CheckpointDestroyAsync(string checkpoint, CancellationToken cancellationToken) =>
        CallAsync("NetworkManager.CheckpointDestroy", RootPath, RootInterface, "CheckpointDestroy",
            [DBusValue.ObjectPath(checkpoint)], cancellationToken);

    /// <inheritdoc />
    public async Task<NmState> GetStateAsync(CancellationToken cancellationToken)
    {
        var value = await GetPropertyAsync("NetworkManager.State", RootPath, RootInterface, "State", cancellationToken);
        return Read("NetworkManager.State", () => (NmState)value.AsUInt32());
    }

    /// <inheritdoc />
    public async Task<bool> GetStartupAsync(CancellationToken cancellationToken)
    {
        var value = await GetPropertyAsync("NetworkManager.Startup", RootPath, RootInterface, "Startup", cancellationToken);
        return Read("NetworkManager.Startup", value.AsBoolean);
    }

    /// <inheritdoc />
    public async Task<NmConnectivityState> GetConnectivityAsync(CancellationToken cancellationToken)
    {
        var value = await GetPropertyAsync("NetworkManager.Connectivity", RootPath, RootInterface, "Connectivity", cancellationToken);
        return Read("NetworkManager.Connectivity", () => (NmConnectivityState)value.AsUInt32());
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<string>> GetActiveConnectionsAsync(CancellationToken cancellationToken)
    {
        var value = await GetPropertyAsync("NetworkManager.ActiveConnections", RootPath, RootInterface, "ActiveConnections", cancellationToken);
        return Read("NetworkManager.ActiveConnections", () => Paths(value));
    }

    private static List<string> Paths(DBusValue array) => array.AsArray().Select(p => p.AsString()).ToList();
}
