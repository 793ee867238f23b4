using Tmds.DBus.Protocol;

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
            p["Interface"].GetString(),
            (NmDeviceType)p["DeviceType"].GetUInt32(),
            (NmDeviceState)p["State"].GetUInt32(),
            p["Managed"].GetBool(),
            p["ActiveConnection"].GetObjectPathAsString()));
    }

    /// <inheritdoc />
    public Task SetDeviceManagedAsync(string device, bool managed, CancellationToken cancellationToken) =>
        // Runtime only: NM forgets it when it restarts.
        CallAsync("Device.Managed", device, PropertiesInterface, "Set", "ssv", (ref MessageWriter w) =>
        {
            w.WriteString(DeviceInterface);
            w.WriteString("Managed");
            w.WriteVariantBool(managed);
        }, cancellationToken);

    /// <inheritdoc />
    public Task ReapplyAsync(string device, CancellationToken cancellationToken) =>
        // An empty settings map means "the profile's current settings"; version 0 skips the version check.
        CallAsync("Device.Reapply", device, DeviceInterface, "Reapply", SettingsCodec.Signature + "tu", (ref MessageWriter w) =>
        {
            var empty = w.WriteDictionaryStart();
            w.WriteDictionaryEnd(empty);
            w.WriteUInt64(0);
            w.WriteUInt32(0);
        }, cancellationToken);

    /// <inheritdoc />
    public async Task<NmActiveConnection> GetActiveConnectionAsync(string activeConnection, CancellationToken cancellationToken)
    {
        const string op = "Connection.Active";
        var p = await GetAllAsync(op, activeConnection, ActiveInterface, cancellationToken);
        return Read(op, () => new NmActiveConnection(
            activeConnection,
            p["Id"].GetString(),
            p["Uuid"].GetString(),
            (NmActiveConnectionState)p["State"].GetUInt32(),
            p["Connection"].GetObjectPathAsString(),
            Paths(p["Devices"])));
    }
}
