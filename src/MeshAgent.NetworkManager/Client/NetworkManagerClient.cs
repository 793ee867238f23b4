using MeshAgent.Core.Threading;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Tmds.DBus.Protocol;

namespace MeshAgent.NetworkManager.Client;

/// <summary>
/// <see cref="INetworkManagerClient"/> over a Tmds.DBus.Protocol <see cref="DBusConnection"/> to the system bus.
/// The connection is opened on first use and re-opened after it is lost, so a restarted bus or NM costs one
/// failed call (<see cref="NetworkManagerUnavailableException"/>) and nothing more. Thread-safe.
/// </summary>
/// <remarks>
/// The library completes replies and runs signal handlers on its receive loop: everything here awaits (never
/// blocks), every await on the library resumes off its loop (<see cref="OffLoop"/>), reply readers only read, and
/// signal handlers only post to a channel drained by our own task.
/// </remarks>
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
    private const string PropertiesInterface = "org.freedesktop.DBus.Properties";

    private readonly string? _busAddress;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _connectLock = new(1, 1);
    private BusConnection? _connection;
    private bool _disposed;

    /// <summary>Creates a client for the bus at <paramref name="busAddress"/> (a D-Bus address list); connects lazily.</summary>
    /// <param name="busAddress">"unix:path=/run/dbus/system_bus_socket"; null for the system bus (honours DBUS_SYSTEM_BUS_ADDRESS).</param>
    /// <param name="loggerFactory">Logging; none when null.</param>
    public NetworkManagerClient(string? busAddress = null, ILoggerFactory? loggerFactory = null)
    {
        _busAddress = busAddress ?? DBusAddress.System;
        _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<NetworkManagerClient>();
    }

    private delegate void BodyWriter(ref MessageWriter writer);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        BusConnection? connection;
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

        connection?.Dispose();
        await StopDispatchAsync();
    }

    private async Task<DBusConnection> ConnectionAsync(string operation, CancellationToken cancellationToken)
    {
        var current = Volatile.Read(ref _connection);
        if (current is { IsLost: false })
        {
            return current.Bus;
        }

        await _connectLock.WaitAsync(cancellationToken);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_connection is { IsLost: false } again)
            {
                return again.Bus;
            }

            _connection?.Dispose();
            _connection = null;
            var connection = await OpenAsync(operation, cancellationToken);
            Log.Connected(_logger, _busAddress!);
            Volatile.Write(ref _connection, connection);
            return connection.Bus;
        }
        finally
        {
            _connectLock.Release();
        }
    }

    private async Task<BusConnection> OpenAsync(string operation, CancellationToken cancellationToken)
    {
        if (_busAddress is null)
        {
            throw new NetworkManagerUnavailableException(operation, "cannot connect to the bus: no system bus address");
        }

        // AutoConnect stays off: a lost connection is replaced by a new one here, so that the match rules are
        // added again and the loss is reported once, as a hint.
        var bus = new DBusConnection(new DBusConnectionOptions(_busAddress) { AutoConnect = false });
        var connection = new BusConnection(bus);
        try
        {
            await OffLoop.AwaitAsync(bus.ConnectAsync().AsTask().WaitAsync(cancellationToken));
        }
        catch (Exception e)
        {
            connection.Dispose();
            if (e is DBusConnectionException or IOException or System.Net.Sockets.SocketException)
            {
                throw new NetworkManagerUnavailableException(operation, $"cannot connect to the bus: {e.Message}", e);
            }

            throw;
        }

        try
        {
            await AttachWatchersAsync(connection, cancellationToken);
        }
        catch (Exception e)
        {
            connection.Dispose();
            if (Translate(operation, e) is { } translated)
            {
                throw translated;
            }

            throw;
        }

        _ = WatchDisconnectAsync(connection);
        return connection;
    }

    private async Task WatchDisconnectAsync(BusConnection connection)
    {
        var reason = await connection.Bus.DisconnectedAsync().ConfigureAwait(false);
        connection.IsLost = true;
        if (!connection.IsDisposed)
        {
            var text = reason?.Message ?? "closed";
            Log.ConnectionLost(_logger, text);
            PostHint(new NmHint(NmHintKind.ConnectionLost, text));
        }
    }

    private async Task<T> CallAsync<T>(
        string operation, string path, string interfaceName, string member, string? signature, BodyWriter? body,
        MessageValueReader<T> reader, CancellationToken cancellationToken)
    {
        var bus = await ConnectionAsync(operation, cancellationToken);
        try
        {
            return await OffLoop.AwaitAsync(bus.CallMethodAsync(Build(bus, path, interfaceName, member, signature, body), reader).WaitAsync(cancellationToken));
        }
        catch (Exception e) when (Translate(operation, e) is { } translated)
        {
            if (translated is NetworkManagerUnavailableException && e is not DBusErrorReplyException)
            {
                MarkLost(bus);
            }

            throw translated;
        }
    }

    // For methods whose reply we do not need (no body, or one we ignore).
    private async Task CallAsync(
        string operation, string path, string interfaceName, string member, string? signature, BodyWriter? body, CancellationToken cancellationToken) =>
        await CallAsync<bool>(operation, path, interfaceName, member, signature, body, static (_, _) => true, cancellationToken);

    private Task<VariantValue> GetPropertyAsync(string operation, string path, string interfaceName, string property, CancellationToken cancellationToken) =>
        CallAsync(operation, path, PropertiesInterface, "Get", "ss", (ref MessageWriter w) =>
        {
            w.WriteString(interfaceName);
            w.WriteString(property);
        }, static (message, _) => message.GetBodyReader().ReadVariantValue(), cancellationToken);

    private Task<Dictionary<string, VariantValue>> GetAllAsync(string operation, string path, string interfaceName, CancellationToken cancellationToken) =>
        CallAsync(operation, path, PropertiesInterface, "GetAll", "s", (ref MessageWriter w) => w.WriteString(interfaceName),
            static (message, _) => message.GetBodyReader().ReadDictionaryOfStringToVariantValue(), cancellationToken);

    private static MessageBuffer Build(DBusConnection bus, string path, string interfaceName, string member, string? signature, BodyWriter? body)
    {
        var writer = bus.GetMessageWriter();
        try
        {
            writer.WriteMethodCallHeader(BusName, path, interfaceName, member, signature);
            body?.Invoke(ref writer);
            return writer.CreateMessage();
        }
        finally
        {
            writer.Dispose();
        }
    }

    private void MarkLost(DBusConnection bus)
    {
        if (Volatile.Read(ref _connection) is { } current && ReferenceEquals(current.Bus, bus))
        {
            current.IsLost = true;
        }
    }

    // Translated once here: a missing NM or a lost bus is "unavailable" (retry later), everything else keeps
    // NM's error name for the caller to act on; a reply of the wrong shape is "unexpected reply". Null: not ours
    // to translate (cancellation, bugs).
    private static NetworkManagerException? Translate(string operation, Exception e) => e switch
    {
        DBusErrorReplyException { ErrorName: "org.freedesktop.DBus.Error.ServiceUnknown" or "org.freedesktop.DBus.Error.NameHasNoOwner" } error =>
            new NetworkManagerUnavailableException(operation, $"{BusName} is not on the bus: {error.ErrorMessage}", e),
        DBusErrorReplyException error => new NetworkManagerException(operation, error.ErrorName, error.ErrorMessage, e),
        DBusConnectionException or IOException or ObjectDisposedException =>
            new NetworkManagerUnavailableException(operation, $"bus connection lost: {e.Message}", e),
        DBusMessageException or SettingsFormatException or InvalidOperationException or InvalidCastException
            or KeyNotFoundException or IndexOutOfRangeException =>
            new NetworkManagerException(operation, null, $"unexpected reply: {e.Message}", e),
        _ => null,
    };

    // Property maps are read after the reply: a missing or mistyped property is "unexpected reply".
    private static T Read<T>(string operation, Func<T> read)
    {
        try
        {
            return read();
        }
        catch (Exception e) when (Translate(operation, e) is { } translated)
        {
            throw translated;
        }
    }

    /// <summary>One connection with its subscriptions; replaced as a whole when lost.</summary>
    private sealed class BusConnection(DBusConnection bus) : IDisposable
    {
        private volatile bool _lost;
        private volatile bool _disposed;

        public DBusConnection Bus { get; } = bus;

        public List<IDisposable> Subscriptions { get; } = [];

        public bool IsLost
        {
            get => _lost || _disposed;
            set => _lost = value;
        }

        public bool IsDisposed => _disposed;

        public void Dispose()
        {
            _disposed = true;
            lock (Subscriptions)
            {
                foreach (var subscription in Subscriptions)
                {
                    subscription.Dispose();
                }

                Subscriptions.Clear();
            }

            Bus.Dispose();
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

        [LoggerMessage(4104, LogLevel.Error, "A NetworkManager hint watcher failed: {Reason}")]
        public static partial void WatcherFailed(ILogger logger, string reason);
    }
}
