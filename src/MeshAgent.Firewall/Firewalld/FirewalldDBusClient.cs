using MeshAgent.Core.Threading;
using Tmds.DBus.Protocol;

namespace MeshAgent.Firewall.Firewalld;

/// <summary>
/// firewalld over the system bus (Tmds.DBus.Protocol), as <c>doc/xml/firewalld.dbus.xml</c> of firewalld 1.x
/// describes it: runtime settings through <c>org.fedoraproject.FirewallD1.zone</c> on the daemon's object,
/// permanent ones through <c>org.fedoraproject.FirewallD1.config.zone</c> on the zone's config object
/// (<c>config.getZoneByName</c>). Calls may overlap; the connection is thread-safe.
/// </summary>
public sealed class FirewalldDBusClient : IFirewalldClient, IDisposable
{
    /// <summary>firewalld's well-known bus name.</summary>
    public const string BusName = "org.fedoraproject.FirewallD1";

    private const string DaemonPath = "/org/fedoraproject/FirewallD1";
    private const string ConfigPath = "/org/fedoraproject/FirewallD1/config";
    private const string DaemonInterface = BusName;
    private const string ZoneInterface = BusName + ".zone";
    private const string ConfigInterface = BusName + ".config";
    private const string ConfigZoneInterface = BusName + ".config.zone";

    // A setting added with timeout 0 stays until removed or reloaded (not a timed rule).
    private const int NoTimeout = 0;

    private readonly DBusConnection _connection;

    private FirewalldDBusClient(DBusConnection connection) => _connection = connection;

    private delegate void BodyWriter(ref MessageWriter writer);

    /// <summary>
    /// Connects to <paramref name="busAddress"/> (null: the system bus, DBUS_SYSTEM_BUS_ADDRESS or
    /// /run/dbus/system_bus_socket). Throws <see cref="FirewallException"/> when the bus cannot be reached.
    /// </summary>
    public static async Task<FirewalldDBusClient> ConnectAsync(string? busAddress, CancellationToken cancellationToken)
    {
        var address = busAddress ?? DBusAddress.System ?? throw new FirewallException("no system bus address");
        var connection = new DBusConnection(address);
        try
        {
            await OffLoop.AwaitAsync(connection.ConnectAsync().AsTask().WaitAsync(cancellationToken));
            return new FirewalldDBusClient(connection);
        }
        catch (Exception ex) when (ex is DBusConnectionException or IOException or System.Net.Sockets.SocketException)
        {
            connection.Dispose();
            throw new FirewallException($"cannot connect to the system bus at {address}: {ex.Message}", ex);
        }
    }

    /// <summary>True when firewalld owns its name on <paramref name="busAddress"/>; false also when the bus is unreachable.</summary>
    public static async Task<bool> IsRunningAsync(string? busAddress, CancellationToken cancellationToken)
    {
        try
        {
            using var client = await ConnectAsync(busAddress, cancellationToken);
            return await client.NameHasOwnerAsync(cancellationToken);
        }
        catch (FirewallException)
        {
            return false;
        }
    }

    /// <inheritdoc />
    public Task<string> GetDefaultZoneAsync(CancellationToken cancellationToken) =>
        CallAsync(Build(DaemonPath, DaemonInterface, "getDefaultZone", null, null), ReadString, "getDefaultZone", cancellationToken);

    /// <inheritdoc />
    public Task<string> GetZoneOfInterfaceAsync(string interfaceName, CancellationToken cancellationToken) =>
        CallAsync(
            Build(DaemonPath, ZoneInterface, "getZoneOfInterface", "s", (ref MessageWriter w) => w.WriteString(interfaceName)),
            ReadString,
            "getZoneOfInterface " + interfaceName,
            cancellationToken);

    /// <inheritdoc />
    public async Task<bool> QueryAsync(FirewalldScope scope, FirewalldSetting setting, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(setting);
        var message = scope == FirewalldScope.Runtime
            ? Runtime("query", setting, withTimeout: false)
            : Permanent("query", setting, await ZoneConfigPathAsync(setting.Zone, cancellationToken));
        return await CallAsync(message, ReadBool, $"query {setting} ({Describe(scope)})", cancellationToken);
    }

    /// <inheritdoc />
    public async Task AddAsync(FirewalldScope scope, FirewalldSetting setting, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(setting);
        var message = scope == FirewalldScope.Runtime
            ? Runtime("add", setting, withTimeout: true)
            : Permanent("add", setting, await ZoneConfigPathAsync(setting.Zone, cancellationToken));
        await CallIgnoringAsync(message, FirewalldErrors.MeansAlreadyPresent, $"add {setting} ({Describe(scope)})", cancellationToken);
    }

    /// <inheritdoc />
    public async Task RemoveAsync(FirewalldScope scope, FirewalldSetting setting, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(setting);
        var message = scope == FirewalldScope.Runtime
            ? Runtime("remove", setting, withTimeout: false)
            : Permanent("remove", setting, await ZoneConfigPathAsync(setting.Zone, cancellationToken));
        await CallIgnoringAsync(message, FirewalldErrors.MeansAlreadyAbsent, $"remove {setting} ({Describe(scope)})", cancellationToken);
    }

    /// <inheritdoc />
    public async Task<IDisposable> WatchReloadedAsync(Action onReloaded, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(onReloaded);
        return await OffLoop.AwaitAsync(_connection.WatchSignalAsync(
            BusName,
            DaemonPath,
            DaemonInterface,
            "Reloaded",
            (Notification notification) =>
            {
                // Completion (connection closed, watch disposed) is not a reload.
                if (!notification.IsCompletion)
                {
                    onReloaded();
                }
            },
            ObserverFlags.None,
            emitOnCapturedContext: false).AsTask().WaitAsync(cancellationToken));
    }

    /// <inheritdoc />
    public void Dispose() => _connection.Dispose();

    /// <summary>The member for <paramref name="verb"/> ("add", "query", "remove") and the setting's kind: "addPort".</summary>
    internal static string Member(string verb, FirewalldSettingKind kind) => verb + kind switch
    {
        FirewalldSettingKind.Interface => "Interface",
        FirewalldSettingKind.Port => "Port",
        _ => "Masquerade",
    };

    private static string Describe(FirewalldScope scope) => scope == FirewalldScope.Runtime ? "runtime" : "permanent";

    private static string ReadString(Message message, object? state)
    {
        var reader = message.GetBodyReader();
        return reader.ReadString();
    }

    private static bool ReadBool(Message message, object? state)
    {
        var reader = message.GetBodyReader();
        return reader.ReadBool();
    }

    private static ObjectPath ReadObjectPath(Message message, object? state)
    {
        var reader = message.GetBodyReader();
        return reader.ReadObjectPath();
    }

    // Runtime: zone.addInterface(s zone, s interface) -> s, addPort(s zone, s port, s protocol, i timeout) -> s,
    // addMasquerade(s zone, i timeout) -> s; query*/remove* take the same arguments without the timeout.
    private MessageBuffer Runtime(string verb, FirewalldSetting setting, bool withTimeout)
    {
        var timeout = withTimeout && setting.Kind != FirewalldSettingKind.Interface;
        var signature = setting.Kind switch
        {
            FirewalldSettingKind.Interface => "ss",
            FirewalldSettingKind.Port => timeout ? "sssi" : "sss",
            _ => timeout ? "si" : "s",
        };
        return Build(DaemonPath, ZoneInterface, Member(verb, setting.Kind), signature, (ref MessageWriter w) =>
        {
            w.WriteString(setting.Zone);
            WriteArguments(ref w, setting);
            if (timeout)
            {
                w.WriteInt32(NoTimeout);
            }
        });
    }

    // Permanent: config.zone on the zone's object: addInterface(s), addPort(s port, s protocol), addMasquerade().
    private MessageBuffer Permanent(string verb, FirewalldSetting setting, string zonePath)
    {
        var signature = setting.Kind switch
        {
            FirewalldSettingKind.Interface => "s",
            FirewalldSettingKind.Port => "ss",
            _ => null,
        };
        return Build(zonePath, ConfigZoneInterface, Member(verb, setting.Kind), signature, (ref MessageWriter w) => WriteArguments(ref w, setting));
    }

    private static void WriteArguments(ref MessageWriter writer, FirewalldSetting setting)
    {
        if (setting.Kind == FirewalldSettingKind.Interface)
        {
            writer.WriteString(setting.Value);
        }
        else if (setting.Kind == FirewalldSettingKind.Port)
        {
            writer.WriteString(setting.Value);
            writer.WriteString(setting.Protocol);
        }
    }

    private async Task<string> ZoneConfigPathAsync(string zone, CancellationToken cancellationToken)
    {
        var path = await CallAsync(
            Build(ConfigPath, ConfigInterface, "getZoneByName", "s", (ref MessageWriter w) => w.WriteString(zone)),
            ReadObjectPath,
            "config.getZoneByName " + zone,
            cancellationToken);
        return path.ToString();
    }

    private Task<bool> NameHasOwnerAsync(CancellationToken cancellationToken)
    {
        var writer = _connection.GetMessageWriter();
        try
        {
            writer.WriteMethodCallHeader("org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus", "NameHasOwner", "s");
            writer.WriteString(BusName);
            return CallAsync(writer.CreateMessage(), ReadBool, "NameHasOwner " + BusName, cancellationToken);
        }
        finally
        {
            writer.Dispose();
        }
    }

    private MessageBuffer Build(string path, string @interface, string member, string? signature, BodyWriter? body)
    {
        var writer = _connection.GetMessageWriter();
        try
        {
            writer.WriteMethodCallHeader(BusName, path, @interface, member, signature);
            body?.Invoke(ref writer);
            return writer.CreateMessage();
        }
        finally
        {
            writer.Dispose();
        }
    }

    private async Task<T> CallAsync<T>(MessageBuffer message, MessageValueReader<T> reader, string what, CancellationToken cancellationToken)
    {
        try
        {
            // Resume off the library's receive loop (see OffLoop): a caller that blocks must not block the loop.
            return await OffLoop.AwaitAsync(_connection.CallMethodAsync(message, reader, null).WaitAsync(cancellationToken));
        }
        catch (DBusErrorReplyException ex)
        {
            var code = ex.ErrorName == FirewalldErrors.ErrorName ? FirewalldErrors.CodeOf(ex.ErrorMessage) : ex.ErrorName;
            throw new FirewalldCallException(what, code, ex.ErrorMessage, ex);
        }
        catch (Exception ex) when (ex is DBusConnectionException or DBusConnectionClosedException or IOException)
        {
            throw new FirewallException($"firewalld {what}: connection to the bus lost: {ex.Message}", ex);
        }
    }

    private async Task CallIgnoringAsync(MessageBuffer message, Func<string, bool> harmless, string what, CancellationToken cancellationToken)
    {
        try
        {
            // Runtime methods answer the zone's name, permanent ones nothing: the body is not needed.
            await CallAsync(message, static (_, _) => true, what, cancellationToken);
        }
        catch (FirewalldCallException ex) when (harmless(ex.Code))
        {
            // ALREADY_ENABLED / NOT_ENABLED: the setting is already as we want it.
        }
    }
}
