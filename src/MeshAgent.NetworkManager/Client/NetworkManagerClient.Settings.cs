using MeshAgent.NetworkManager.Settings;
using Tmds.DBus.Protocol;

namespace MeshAgent.NetworkManager.Client;

public sealed partial class NetworkManagerClient
{
    /// <inheritdoc />
    public Task<IReadOnlyList<string>> ListConnectionsAsync(CancellationToken cancellationToken) =>
        CallAsync("Settings.ListConnections", SettingsPath, SettingsInterface, "ListConnections", null, null, ReadPaths, cancellationToken);

    /// <inheritdoc />
    public Task<string> AddConnection2Async(ConnectionSettings settings, AddConnection2Options flags, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return CallAsync("Settings.AddConnection2", SettingsPath, SettingsInterface, "AddConnection2", SettingsCodec.Signature + "ua{sv}",
            (ref MessageWriter w) => WriteSettingsArguments(ref w, settings, (uint)flags), ReadPath, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<string?> GetConnectionByUuidAsync(string uuid, CancellationToken cancellationToken)
    {
        try
        {
            return await CallAsync("Settings.GetConnectionByUuid", SettingsPath, SettingsInterface, "GetConnectionByUuid", "s",
                (ref MessageWriter w) => w.WriteString(uuid), ReadPath, cancellationToken);
        }
        catch (NetworkManagerException e) when (e.ErrorName == "org.freedesktop.NetworkManager.Settings.InvalidConnection")
        {
            return null;
        }
    }

    /// <inheritdoc />
    public Task<ConnectionSettings> GetSettingsAsync(string connection, CancellationToken cancellationToken) =>
        CallAsync("Settings.Connection.GetSettings", connection, ConnectionInterface, "GetSettings", null, null,
            static (message, _) =>
            {
                var reader = message.GetBodyReader();
                return SettingsCodec.Read(ref reader);
            },
            cancellationToken);

    /// <inheritdoc />
    public Task Update2Async(string connection, ConnectionSettings settings, Update2Options flags, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return CallAsync("Settings.Connection.Update2", connection, ConnectionInterface, "Update2", SettingsCodec.Signature + "ua{sv}",
            (ref MessageWriter w) => WriteSettingsArguments(ref w, settings, (uint)flags), cancellationToken);
    }

    /// <inheritdoc />
    public Task DeleteAsync(string connection, CancellationToken cancellationToken) =>
        CallAsync("Settings.Connection.Delete", connection, ConnectionInterface, "Delete", null, null, cancellationToken);

    // AddConnection2 and Update2 both take (a{sa{sv}} settings, u flags, a{sv} args); we pass no args.
    private static void WriteSettingsArguments(ref MessageWriter writer, ConnectionSettings settings, uint flags)
    {
        SettingsCodec.Write(ref writer, settings);
        writer.WriteUInt32(flags);
        writer.WriteDictionary(System.Array.Empty<KeyValuePair<string, VariantValue>>());
    }
}
