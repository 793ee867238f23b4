using System.Collections.Concurrent;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace MeshAgent.DBus;

/// <summary>
/// A client connection to a message bus (or a peer) over a unix socket. Many method calls may be in
/// flight at once; replies are matched by serial. Received signals are routed to subscriptions and
/// incoming method calls to registered handlers; handlers never run on the read loop. All members
/// are thread-safe. When the connection ends (peer closed, socket error, malformed message,
/// dispose) every pending and later call fails with <see cref="DBusConnectionLostException"/>.
/// </summary>
public sealed partial class DBusConnection : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly ConcurrentDictionary<uint, TaskCompletionSource<DBusMessage>> _pending = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource<DBusConnectionLostException> _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task _readLoop = Task.CompletedTask;
    private int _serial;
    private long _malformed;
    private DBusConnectionLostException? _lost;

    private DBusConnection(Socket socket, string serverGuid, ILogger logger)
    {
        _socket = socket;
        ServerGuid = serverGuid;
        _logger = logger;
    }

    /// <summary>The unique bus name assigned by Hello (e.g. ":1.42"); null on a peer-to-peer connection.</summary>
    public string? UniqueName { get; private set; }

    /// <summary>The server GUID from the authentication handshake.</summary>
    public string ServerGuid { get; }

    /// <summary>How many malformed messages were received (the first one closes the connection).</summary>
    public long MalformedMessagesReceived => Interlocked.Read(ref _malformed);

    /// <summary>True until the connection has ended.</summary>
    public bool IsConnected => Volatile.Read(ref _lost) is null;

    /// <summary>Completes (never faults) with the reason when the connection ends.</summary>
    public Task<DBusConnectionLostException> Closed => _closed.Task;

    /// <summary>
    /// Connects to the first reachable address of <paramref name="addressList"/>, authenticates with
    /// SASL EXTERNAL and (by default) sends Hello.
    /// </summary>
    /// <exception cref="DBusConnectFailedException">Bad address, no socket, auth rejected or Hello failed.</exception>
    /// <exception cref="OperationCanceledException">Cancelled.</exception>
    public static async Task<DBusConnection> ConnectAsync(string addressList, DBusConnectionOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(addressList);
        options ??= new DBusConnectionOptions();
        var logger = options.LoggerFactory.CreateLogger<DBusConnection>();
        var (socket, address) = await UnixTransport.ConnectAsync(addressList, cancellationToken).ConfigureAwait(false);
        DBusConnection? connection = null;
        try
        {
            string guid;
            try
            {
                guid = await SaslExternalAuthenticator.AuthenticateAsync(socket, cancellationToken).ConfigureAwait(false);
            }
            catch (SocketException e)
            {
                throw new DBusConnectFailedException($"D-Bus authentication at '{address}' failed: {e.Message}", e);
            }

            connection = new DBusConnection(socket, guid, logger);
            connection._readLoop = Task.Run(connection.ReadLoopAsync, CancellationToken.None);
            if (options.SayHello)
            {
                try
                {
                    var reply = await connection.CallMethodAsync(BusName, BusPath, BusInterface, "Hello", null, cancellationToken).ConfigureAwait(false);
                    connection.UniqueName = reply[0].AsString();
                }
                catch (Exception e) when (e is DBusException)
                {
                    throw new DBusConnectFailedException($"D-Bus Hello at '{address}' failed: {e.Message}", e);
                }
            }

            Log.Connected(logger, address, connection.UniqueName ?? "");
            return connection;
        }
        catch
        {
            if (connection is not null)
            {
                await connection.DisposeAsync().ConfigureAwait(false);
            }
            else
            {
                socket.Dispose();
            }

            throw;
        }
    }

    /// <summary>Connects to the system bus (<c>DBUS_SYSTEM_BUS_ADDRESS</c> or /run/dbus/system_bus_socket).</summary>
    /// <exception cref="DBusConnectFailedException">See <see cref="ConnectAsync"/>.</exception>
    public static Task<DBusConnection> ConnectSystemBusAsync(DBusConnectionOptions? options = null, CancellationToken cancellationToken = default) =>
        ConnectAsync(DBusAddress.SystemBus, options, cancellationToken);

    /// <summary>Connects to the session bus (<c>DBUS_SESSION_BUS_ADDRESS</c>).</summary>
    /// <exception cref="DBusConnectFailedException">Variable unset or see <see cref="ConnectAsync"/>.</exception>
    public static Task<DBusConnection> ConnectSessionBusAsync(DBusConnectionOptions? options = null, CancellationToken cancellationToken = default)
    {
        string address;
        try
        {
            address = DBusAddress.SessionBus;
        }
        catch (DBusAddressException e)
        {
            throw new DBusConnectFailedException(e.Message, e);
        }

        return ConnectAsync(address, options, cancellationToken);
    }

    /// <summary>Closes the connection; pending calls fail with <see cref="DBusConnectionLostException"/>.</summary>
    public async ValueTask DisposeAsync()
    {
        Close(new DBusConnectionLostException("D-Bus connection was disposed"));
        try
        {
            await _readLoop.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The read loop ends by cancellation on dispose.
        }

        await StopDispatchersAsync().ConfigureAwait(false);
        _stop.Dispose();
    }

    /// <summary>Ends the connection once with <paramref name="reason"/>.</summary>
    private void Close(DBusConnectionLostException reason)
    {
        if (Interlocked.CompareExchange(ref _lost, reason, null) is not null)
        {
            return;
        }

        Log.ConnectionClosed(_logger, reason.Message);
        try
        {
            _stop.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // Already disposed: nothing left to cancel.
        }

        _socket.Dispose();
        foreach (var serial in _pending.Keys)
        {
            if (_pending.TryRemove(serial, out var tcs))
            {
                tcs.TrySetException(reason);
            }
        }

        CompleteSubscriptions();
        _closed.TrySetResult(reason);
    }

    private DBusConnectionLostException Lost() =>
        Volatile.Read(ref _lost) is { } lost ? new DBusConnectionLostException(lost.Message, lost.InnerException) : new DBusConnectionLostException("D-Bus connection lost");
}
