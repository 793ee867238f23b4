using System.Collections.Concurrent;

namespace MeshAgent.DBus;

public sealed partial class DBusConnection
{
    private const string PeerInterface = "org.freedesktop.DBus.Peer";
    private readonly ConcurrentDictionary<(string Path, string Interface, string Member), DBusMethodHandler> _methods = new();

    /// <summary>
    /// Serves <paramref name="interfaceName"/>.<paramref name="member"/> on <paramref name="path"/>
    /// for other connections until the returned registration is disposed. Calls without an
    /// INTERFACE field are matched by path and member. Unknown paths get
    /// <c>org.freedesktop.DBus.Error.UnknownObject</c>, unknown methods <c>UnknownMethod</c>;
    /// <c>org.freedesktop.DBus.Peer.Ping</c> is always answered.
    /// </summary>
    /// <exception cref="InvalidOperationException">That method is already registered.</exception>
    /// <exception cref="DBusFormatException">Invalid interface or member name.</exception>
    public IDisposable RegisterMethod(DBusObjectPath path, string interfaceName, string member, DBusMethodHandler handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        DBusNames.ValidateInterfaceName(interfaceName);
        DBusNames.ValidateMemberName(member);
        var key = (path.Value, interfaceName, member);
        if (!_methods.TryAdd(key, handler))
        {
            throw new InvalidOperationException($"{interfaceName}.{member} is already registered on {path}");
        }

        return new MethodRegistration(() => _methods.TryRemove(key, out _));
    }

    private void DispatchMethodCall(DBusMessage call) => _ = Task.Run(() => ServeAsync(call));

    private async Task ServeAsync(DBusMessage call)
    {
        DBusMessage reply;
        var path = call.Path!.Value.Value;
        if (call.Interface == PeerInterface && call.Member == "Ping")
        {
            reply = DBusMessage.CreateMethodReturn(call);
        }
        else if (FindHandler(path, call.Interface, call.Member!) is not { } handler)
        {
            var knownPath = _methods.Keys.Any(k => k.Path == path);
            reply = knownPath
                ? DBusMessage.CreateError(call, "org.freedesktop.DBus.Error.UnknownMethod", $"No method {call.Interface}.{call.Member} on {path}")
                : DBusMessage.CreateError(call, "org.freedesktop.DBus.Error.UnknownObject", $"No object at {path}");
        }
        else
        {
            try
            {
                var result = await handler(call, _stop.Token).ConfigureAwait(false);
                reply = DBusMessage.CreateMethodReturn(call, result);
            }
            catch (DBusErrorException e)
            {
                reply = DBusMessage.CreateError(call, e.ErrorName, e.ErrorMessage);
            }
#pragma warning disable CA1031 // A handler failure becomes an error reply, as D-Bus services do.
            catch (Exception e)
#pragma warning restore CA1031
            {
                Log.MethodHandlerFailed(_logger, path, call.Interface ?? "", call.Member ?? "", e);
                reply = DBusMessage.CreateError(call, "org.freedesktop.DBus.Error.Failed", e.Message);
            }
        }

        if ((call.Flags & MessageFlags.NoReplyExpected) != 0 || !IsConnected)
        {
            return;
        }

        try
        {
            await SendAsync(reply).ConfigureAwait(false);
        }
        catch (DBusException e)
        {
            Log.ReplyFailed(_logger, call.Serial, e.Message);
        }
    }

    private DBusMethodHandler? FindHandler(string path, string? interfaceName, string member)
    {
        if (interfaceName is not null)
        {
            return _methods.TryGetValue((path, interfaceName, member), out var h) ? h : null;
        }

        return _methods.FirstOrDefault(m => m.Key.Path == path && m.Key.Member == member).Value;
    }

    private sealed class MethodRegistration(Action remove) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                remove();
            }
        }
    }
}
