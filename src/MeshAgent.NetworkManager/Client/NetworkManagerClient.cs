using MeshAgent.DBus;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace MeshAgent.NetworkManager.Client;

/// <summary>
/// <see cref="INetworkManagerClient"/> over a <see cref="DBusConnection"/> to the system bus. The connection
/// is opened on first use and re-opened after it is lost, so a restarted bus or NM costs one failed call
/// (<see cref="NetworkManagerUnavailableException"/>) and nothing more. Thread-safe.
/// </summary>
public sealed partial class NetworkManagerClient : INetworkManagerClient
{
    /// <summary>NM's well-known bus name.</summary>
    public const string BusName = "org.freedesktop.NetworkManager";

    private const string RootPath = "/org/freedesktop/NetworkManager";
    private const string RootInterface = "org.freedesktop.NetworkManager";
    private const string SettingsPath = "/org/freedesktop/NetworkManager/Settings";
    private const string SettingsInterface = "org.freedesktop.NetworkManager.Settings";
    private const string ConnectionInterface = "org.freedesktop.NetworkManager.Settings.Connection";
    private const string DeviceInterface = "org.freedesktop.NetworkManager.Device";
    private const string ActiveInterface = "org.freedesktop.NetworkManager.Connection.Active";

    private readonly string _busAddress;
    private readonly DBusConnectionOptions _options;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _connectLock = new(1, 1);
    private DBusConnection? _connection;
    private bool _disposed;

    /// <summary>Creates a client for the bus at <paramref name="busAddress"/> (a D-Bus address list); connects lazily.</summary>
    /// <param name="busAddress">"unix:path=/run/dbus/system_bus_socket"; null for the system bus (honours DBUS_SYSTEM_BUS_ADDRESS).</param>
    /// <param name="loggerFactory">Logging; none when null.</param>
    public NetworkManagerClient(string? busAddress = null, ILoggerFactory? loggerFactory = null)
    {
        _busAddress = busAddress ?? DBusAddress.SystemBus;
        loggerFactory ??= NullLoggerFactory.Instance;
        _options = new DBusConnectionOptions { LoggerFactory = loggerFactory };
        _logger = loggerFactory.CreateLogger<NetworkManagerClient>();
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        DBusConnection? connection;
        await _connectLock.WaitAsync();
        try
        {
            _disposed = true;
            connection = _connection;
            _connection = null;
        }
        finally
        {
            _connectLock.Release();
        }

        if (connection is not null)
        {
            await connection.DisposeAsync();
        }
    }

    private async Task<DBusConnection> ConnectionAsync(string operation, CancellationToken cancellationToken)
    {
        var current = Volatile.Read(ref _connection);
        if (current is { IsConnected: true })
        {
            return current;
        }

        await _connectLock.WaitAsync(cancellationToken);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_connection is { IsConnected: true } again)
            {
                return again;
            }

            if (_connection is not null)
            {
                await _connection.DisposeAsync();
                _connection = null;
            }

            DBusConnection connection;
            try
            {
                connection = await DBusConnection.ConnectAsync(_busAddress, _options, cancellationToken);
            }
            catch (DBusConnectFailedException e)
            {
                throw new NetworkManagerUnavailableException(operation, $"cannot connect to the bus: {e.Message}", e);
            }

            try
            {
                await AttachWatchersAsync(connection, cancellationToken);
            }
            catch (DBusException e)
            {
                await connection.DisposeAsync();
                throw Translate(operation, e);
            }

            Log.Connected(_logger, _busAddress);
            _connection = connection;
            return connection;
        }
        finally
        {
            _connectLock.Release();
        }
    }

    private async Task<IReadOnlyList<DBusValue>> CallAsync(
        string operation, string path, string interfaceName, string member, IReadOnlyList<DBusValue>? arguments, CancellationToken cancellationToken)
    {
        var connection = await ConnectionAsync(operation, cancellationToken);
        try
        {
            return await connection.CallMethodAsync(BusName, new DBusObjectPath(path), interfaceName, member, arguments, cancellationToken);
        }
        catch (DBusException e)
        {
            throw Translate(operation, e);
        }
    }

    private async Task<DBusValue> GetPropertyAsync(string operation, string path, string interfaceName, string property, CancellationToken cancellationToken)
    {
        var connection = await ConnectionAsync(operation, cancellationToken);
        try
        {
            return await connection.GetPropertyAsync(BusName, new DBusObjectPath(path), interfaceName, property, cancellationToken);
        }
        catch (DBusException e)
        {
            throw Translate(operation, e);
        }
    }

    private async Task<IReadOnlyDictionary<string, DBusValue>> GetAllAsync(string operation, string path, string interfaceName, CancellationToken cancellationToken)
    {
        var connection = await ConnectionAsync(operation, cancellationToken);
        try
        {
            return await connection.GetAllPropertiesAsync(BusName, new DBusObjectPath(path), interfaceName, cancellationToken);
        }
        catch (DBusException e)
        {
            throw Translate(operation, e);
        }
    }

    // Translated once here: a missing NM or a lost bus is "unavailable" (retry later), everything else
    // keeps NM's error name for the caller to act on.
    private static NetworkManagerException Translate(string operation, DBusException e) => e switch
    {
        DBusErrorException { ErrorName: "org.freedesktop.DBus.Error.ServiceUnknown" or "org.freedesktop.DBus.Error.NameHasNoOwner" } error =>
            new NetworkManagerUnavailableException(operation, $"{BusName} is not on the bus: {error.ErrorMessage}", e),
        DBusErrorException error => new NetworkManagerException(operation, error.ErrorName, error.ErrorMessage, e),
        DBusConnectionLostException => new NetworkManagerUnavailableException(operation, $"bus connection lost: {e.Message}", e),
        _ => new NetworkManagerException(operation, null, $"unexpected reply: {e.Message}", e),
    };

    private static T Read<T>(string operation, Func<T> read)
    {
        try
        {
            return read();
        }
        catch (Exception e) when (e is DBusException or KeyNotFoundException or IndexOutOfRangeException or ArgumentOutOfRangeException)
        {
            throw new NetworkManagerException(operation, null, $"unexpected reply: {e.Message}", e);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(4101, LogLevel.Information, "Connected to the bus at {Endpoint} for NetworkManager")]
        public static partial void Connected(ILogger logger, string endpoint);

        [LoggerMessage(4102, LogLevel.Warning, "Bus connection for NetworkManager lost: {Reason}")]
        public static partial void ConnectionLost(ILogger logger, string reason);

        [LoggerMessage(4103, LogLevel.Warning, "Subscribing to NetworkManager signals failed: {Reason}")]
        public static partial void SubscribeFailed(ILogger logger, string reason);
    }
}
