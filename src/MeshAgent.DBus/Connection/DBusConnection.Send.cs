namespace MeshAgent.DBus;

public sealed partial class DBusConnection
{
    internal const string BusName = "org.freedesktop.DBus";
    internal const string BusInterface = "org.freedesktop.DBus";
    internal static readonly DBusObjectPath BusPath = new("/org/freedesktop/DBus");

    /// <summary>
    /// Sends a message that expects no reply (a signal, a reply, or a call with
    /// <see cref="MessageFlags.NoReplyExpected"/>); a serial is assigned.
    /// </summary>
    /// <returns>The serial used.</returns>
    /// <exception cref="DBusConnectionLostException">The connection has ended.</exception>
    public async Task<uint> SendAsync(DBusMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        var serial = NextSerial();
        await WriteAsync(message.With(serial), cancellationToken).ConfigureAwait(false);
        return serial;
    }

    /// <summary>Sends a method call and waits for its reply.</summary>
    /// <returns>The METHOD_RETURN message.</returns>
    /// <exception cref="DBusErrorException">The peer answered with an ERROR.</exception>
    /// <exception cref="DBusConnectionLostException">The connection ended before the reply.</exception>
    /// <exception cref="OperationCanceledException">Cancelled (a late reply is ignored).</exception>
    public async Task<DBusMessage> CallAsync(DBusMessage call, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(call);
        if (call.Type != MessageType.MethodCall)
        {
            throw new ArgumentException("Only method calls have replies.", nameof(call));
        }

        var serial = NextSerial();
        var tcs = new TaskCompletionSource<DBusMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[serial] = tcs;
        if (!IsConnected)
        {
            _pending.TryRemove(serial, out _);
            throw Lost();
        }

        using var registration = cancellationToken.Register(() =>
        {
            if (_pending.TryRemove(serial, out var pending))
            {
                pending.TrySetCanceled(cancellationToken);
            }
        });
        try
        {
            await WriteAsync(call.With(serial), cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            _pending.TryRemove(serial, out _);
            throw;
        }

        var reply = await tcs.Task.ConfigureAwait(false);
        if (reply.Type == MessageType.Error)
        {
            throw ToException(reply);
        }

        return reply;
    }

    /// <summary>Calls a method with the given arguments and returns the reply's arguments.</summary>
    /// <param name="destination">Bus name (null on a peer-to-peer connection).</param>
    /// <param name="path">Object path.</param>
    /// <param name="interfaceName">Interface name.</param>
    /// <param name="member">Method name.</param>
    /// <param name="arguments">Arguments (signature derived from their types), or null.</param>
    /// <param name="cancellationToken">Cancels waiting for the reply.</param>
    /// <exception cref="DBusErrorException">The peer answered with an ERROR.</exception>
    /// <exception cref="DBusConnectionLostException">The connection ended before the reply.</exception>
    /// <exception cref="DBusFormatException">Invalid names or a reply body that does not match its signature.</exception>
    public async Task<IReadOnlyList<DBusValue>> CallMethodAsync(string? destination, DBusObjectPath path, string interfaceName, string member,
        IReadOnlyList<DBusValue>? arguments = null, CancellationToken cancellationToken = default)
    {
        var call = DBusMessage.CreateMethodCall(destination, path, interfaceName, member, arguments);
        var reply = await CallAsync(call, cancellationToken).ConfigureAwait(false);
        return reply.Arguments;
    }

    /// <summary>Emits a signal from <paramref name="path"/>.</summary>
    /// <exception cref="DBusConnectionLostException">The connection has ended.</exception>
    public Task<uint> EmitSignalAsync(DBusObjectPath path, string interfaceName, string member, IReadOnlyList<DBusValue>? arguments = null,
        CancellationToken cancellationToken = default) =>
        SendAsync(DBusMessage.CreateSignal(path, interfaceName, member, arguments), cancellationToken);

    private static DBusErrorException ToException(DBusMessage error)
    {
        var text = "";
        try
        {
            if (error.Arguments is [{ Type.Code: DBusTypeCode.String } first, ..])
            {
                text = first.AsString();
            }
        }
        catch (DBusFormatException)
        {
            // The error name alone is still meaningful.
        }

        return new DBusErrorException(error.ErrorName ?? "org.freedesktop.DBus.Error.Failed", text);
    }

    private uint NextSerial()
    {
        // Serial 0 is invalid; after 2^32 calls the counter wraps past it.
        var serial = (uint)Interlocked.Increment(ref _serial);
        return serial != 0 ? serial : (uint)Interlocked.Increment(ref _serial);
    }

    private async Task WriteAsync(DBusMessage message, CancellationToken cancellationToken)
    {
        var bytes = MessageEncoder.Encode(message);
        if (!IsConnected)
        {
            throw Lost();
        }

        await _sendLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var sent = 0;
            while (sent < bytes.Length)
            {
                // Not cancellable mid-message: a partial message would corrupt the stream.
                sent += await _socket.SendAsync(bytes.AsMemory(sent), System.Net.Sockets.SocketFlags.None, _stop.Token).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is System.Net.Sockets.SocketException or ObjectDisposedException or OperationCanceledException)
        {
            Close(new DBusConnectionLostException("D-Bus connection lost while sending: " + e.Message, e));
            throw Lost();
        }
        finally
        {
            _sendLock.Release();
        }
    }
}
