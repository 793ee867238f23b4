using MeshAgent.DBus;

namespace MeshAgent.NetworkManager.Client;

public sealed partial class NetworkManagerClient
{
    /// <inheritdoc />
    public async Task<NmDevice> GetDeviceAsync(string device, CancellationToken cancellationToken)
    {
        const string op = "Device";
        var p = await GetAllAsync(op, device, DeviceInterface, cancellationToken);
        return Read(op, () => new NmDevice(
            device,
            p["Interface"].AsString(),
            (NmDeviceType)p["DeviceType"].AsUInt32(),
            (NmDeviceState)p["State"].AsUInt32(),
            p["Managed"].AsBoolean(),
            p["ActiveConnection"].AsString()));
    }

    /// <inheritdoc />
    public async Task SetDeviceManagedAsync(string device, bool managed, CancellationToken cancellationToken)
    {
        const string op = "Device.Managed";
        var connection = await ConnectionAsync(op, cancellationToken);
        try
        {
            await connection.SetPropertyAsync(BusName, new DBusObjectPath(device), DeviceInterface, "Managed", DBusValue.Boolean(managed), cancellationToken);
        }
        catch (DBusException e)
        {
            throw Translate(op, e);
        }
    }

    /// <inheritdoc />
    public Task ReapplyAsync(string device, CancellationToken cancellationToken) =>
        // An empty settings map means "the profile's current settings"; version 0 skips the version check.
        CallAsync("Device.Reapply", device, DeviceInterface, "Reapply",
            [DBusValue.SettingsMap([]), DBusValue.UInt64(0), DBusValue.UInt32(0)], cancellationToken);

    /// <inheritdoc />
    public async Task<NmActiveConnection> GetActiveConnectionAsync(string activeConnection, CancellationToken cancellationToken)
    {
        const string op = "Connection.Active";
        var p = await GetAllAsync(op, activeConnection, ActiveInterface, cancellationToken);
        return Read(op, () => new NmActiveConnection(
            activeConnection,
            p["Id"].AsString(),
            p["Uuid"].AsString(),
            (NmActiveConnectionState)p["State"].AsUInt32(),
            p["Connection"].AsString(),
            Paths(p["Devices"])));
    }
}
