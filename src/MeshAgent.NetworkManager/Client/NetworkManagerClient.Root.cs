using Tmds.DBus.Protocol;

namespace MeshAgent.NetworkManager.Client;

public sealed partial class NetworkManagerClient
{
    /// <inheritdoc />
    public Task<IReadOnlyList<string>> GetDevicesAsync(CancellationToken cancellationToken) =>
        CallAsync("NetworkManager.GetDevices", RootPath, RootInterface, "GetDevices", null, null, ReadPaths, cancellationToken);

    /// <inheritdoc />
    public async Task<string?> GetDeviceByIpIfaceAsync(string interfaceName, CancellationToken cancellationToken)
    {
        try
        {
            return await CallAsync("NetworkManager.GetDeviceByIpIface", RootPath, RootInterface, "GetDeviceByIpIface", "s",
                (ref MessageWriter w) => w.WriteString(interfaceName), ReadPath, cancellationToken);
        }
        catch (NetworkManagerException e) when (e.ErrorName == "org.freedesktop.NetworkManager.UnknownDevice")
        {
            return null;
        }
    }

    /// <inheritdoc />
    public Task<string> ActivateConnectionAsync(string connection, string device, string specificObject, CancellationToken cancellationToken) =>
        CallAsync("NetworkManager.ActivateConnection", RootPath, RootInterface, "ActivateConnection", "ooo", (ref MessageWriter w) =>
        {
            w.WriteObjectPath(connection);
            w.WriteObjectPath(device);
            w.WriteObjectPath(specificObject);
        }, ReadPath, cancellationToken);

    /// <inheritdoc />
    public Task DeactivateConnectionAsync(string activeConnection, CancellationToken cancellationToken) =>
        CallAsync("NetworkManager.DeactivateConnection", RootPath, RootInterface, "DeactivateConnection", "o",
            (ref MessageWriter w) => w.WriteObjectPath(activeConnection), cancellationToken);

    /// <inheritdoc />
    public Task<string> CheckpointCreateAsync(
        IReadOnlyList<string> devices, uint rollbackTimeoutSeconds, CheckpointCreateOptions flags, CancellationToken cancellationToken) =>
        CallAsync("NetworkManager.CheckpointCreate", RootPath, RootInterface, "CheckpointCreate", "aouu", (ref MessageWriter w) =>
        {
            w.WriteArray(devices.Select(d => new ObjectPath(d)));
            w.WriteUInt32(rollbackTimeoutSeconds);
            w.WriteUInt32((uint)flags);
        }, ReadPath, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyDictionary<string, uint>> CheckpointRollbackAsync(string checkpoint, CancellationToken cancellationToken) =>
        CallAsync("NetworkManager.CheckpointRollback", RootPath, RootInterface, "CheckpointRollback", "o",
            (ref MessageWriter w) => w.WriteObjectPath(checkpoint), ReadRollbackResults, cancellationToken);

    /// <inheritdoc />
    public Task CheckpointDestroyAsync(string checkpoint, CancellationToken cancellationToken) =>
        CallAsync("NetworkManager.CheckpointDestroy", RootPath, RootInterface, "CheckpointDestroy", "o",
            (ref MessageWriter w) => w.WriteObjectPath(checkpoint), cancellationToken);

    /// <inheritdoc />
    public async Task<NmState> GetStateAsync(CancellationToken cancellationToken)
    {
        const string op = "NetworkManager.State";
        var value = await GetPropertyAsync(op, RootPath, RootInterface, "State", cancellationToken);
        return Read(op, () => (NmState)value.GetUInt32());
    }

    /// <inheritdoc />
    public async Task<bool> GetStartupAsync(CancellationToken cancellationToken)
    {
        const string op = "NetworkManager.Startup";
        var value = await GetPropertyAsync(op, RootPath, RootInterface, "Startup", cancellationToken);
        return Read(op, value.GetBool);
    }

    /// <inheritdoc />
    public async Task<NmConnectivityState> GetConnectivityAsync(CancellationToken cancellationToken)
    {
        const string op = "NetworkManager.Connectivity";
        var value = await GetPropertyAsync(op, RootPath, RootInterface, "Connectivity", cancellationToken);
        return Read(op, () => (NmConnectivityState)value.GetUInt32());
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<string>> GetActiveConnectionsAsync(CancellationToken cancellationToken)
    {
        const string op = "NetworkManager.ActiveConnections";
        var value = await GetPropertyAsync(op, RootPath, RootInterface, "ActiveConnections", cancellationToken);
        return Read(op, () => Paths(value));
    }

    private static string ReadPath(Message message, object? state) => message.GetBodyReader().ReadObjectPathAsString();

    private static IReadOnlyList<string> ReadPaths(Message message, object? state)
    {
        var reader = message.GetBodyReader();
        var paths = new List<string>();
        var end = reader.ReadArrayStart(DBusType.ObjectPath);
        while (reader.HasNext(end))
        {
            paths.Add(reader.ReadObjectPathAsString());
        }

        return paths;
    }

    // CheckpointRollback answers a{ou}: device path -> NMRollbackResult.
    private static IReadOnlyDictionary<string, uint> ReadRollbackResults(Message message, object? state)
    {
        var reader = message.GetBodyReader();
        var results = new Dictionary<string, uint>(StringComparer.Ordinal);
        var end = reader.ReadDictionaryStart();
        while (reader.HasNext(end))
        {
            var device = reader.ReadObjectPathAsString();
            results[device] = reader.ReadUInt32();
        }

        return results;
    }

    // An "ao" property value: Tmds.DBus.Protocol gives it as an array of object paths.
    private static List<string> Paths(VariantValue array)
    {
        if (array.Type != VariantValueType.Array || array.ItemType != VariantValueType.ObjectPath)
        {
            throw new InvalidOperationException($"expected an array of object paths, got {array.Type}");
        }

        var paths = new List<string>(array.Count);
        for (var i = 0; i < array.Count; i++)
        {
            paths.Add(array.GetItem(i).GetObjectPathAsString());
        }

        return paths;
    }
}
