using MeshAgent.Core.Threading;
using System.Threading.Channels;
using Tmds.DBus.Protocol;

namespace MeshAgent.NetworkManager.Client;

public sealed partial class NetworkManagerClient
{
    private const string BusDriverName = "org.freedesktop.DBus";

    private readonly Lock _watchersLock = new();
    private readonly List<Action<NmHint>> _watchers = [];

    // Signal handlers run on the library's receive loop and must not block it (a watcher that calls NM and
    // waits would wait for the loop it is blocking): they only post here; our own task delivers.
    private readonly Channel<NmHint> _hints = Channel.CreateUnbounded<NmHint>(new UnboundedChannelOptions { SingleReader = true });
    private Task? _dispatch;

    /// <inheritdoc />
    /// <remarks>
    /// The handler is registered at once and subscribed on every (re)connection; if the bus cannot be
    /// reached now, hints start once a later call connects. Handlers run on the client's own dispatch task.
    /// </remarks>
    public async Task<IAsyncDisposable> WatchAsync(Action<NmHint> onHint, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(onHint);
        lock (_watchersLock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _watchers.Add(onHint);
            _dispatch ??= Task.Run(DispatchAsync, CancellationToken.None);
        }

        try
        {
            await ConnectionAsync("Watch", cancellationToken);
        }
        catch (NetworkManagerUnavailableException e)
        {
            Log.SubscribeFailed(_logger, e.Message);
        }

        return new Unwatch(this, onHint);
    }

    private async Task AttachWatchersAsync(BusConnection connection, CancellationToken cancellationToken)
    {
        // One set of match rules per connection; handlers are looked up at dispatch time.
        await SubscribeAsync(
            connection,
            new MatchRule { Type = MessageType.Signal, Sender = BusDriverName, Path = "/org/freedesktop/DBus", Interface = BusDriverName, Member = "NameOwnerChanged", Arg0 = BusName },
            static (message, _) => ReadOwnerChange(message),
            cancellationToken);
        await SubscribeAsync(
            connection,
            new MatchRule { Type = MessageType.Signal, Sender = BusName, Interface = DeviceInterface, Member = "StateChanged" },
            static (message, _) => new NmHint(NmHintKind.DeviceStateChanged, $"device {message.PathAsString} {Describe(message)}"),
            cancellationToken);
        foreach (var member in new[] { "DeviceAdded", "DeviceRemoved" })
        {
            await SubscribeAsync(
                connection,
                new MatchRule { Type = MessageType.Signal, Sender = BusName, Path = RootPath, Interface = RootInterface, Member = member },
                static (message, _) => new NmHint(NmHintKind.DeviceStateChanged, $"{message.MemberAsString} {Describe(message)}"),
                cancellationToken);
        }
    }

    private async Task SubscribeAsync(BusConnection connection, MatchRule rule, MessageValueReader<NmHint?> reader, CancellationToken cancellationToken)
    {
        var subscription = await OffLoop.AwaitAsync(connection.Bus.AddMatchAsync(
            rule,
            reader,
            (Notification<NmHint?> notification) =>
            {
                if (notification.HasValue && notification.Value is { } hint)
                {
                    PostHint(hint);
                }
            },
            emitOnCapturedContext: false,
            flags: ObserverFlags.None).AsTask().WaitAsync(cancellationToken));
        lock (connection.Subscriptions)
        {
            connection.Subscriptions.Add(subscription);
        }
    }

    // Readers run on the receive loop too, and a throwing reader ends the subscription: they never throw.
    private static NmHint? ReadOwnerChange(Message message)
    {
        try
        {
            var reader = message.GetBodyReader();
            var name = reader.ReadString();
            var oldOwner = reader.ReadString();
            var newOwner = reader.ReadString();
            return name == BusName
                ? new NmHint(NmHintKind.NameOwnerChanged, $"owner {OrNone(oldOwner)} -> {OrNone(newOwner)}")
                : null;
        }
        catch (DBusReadException)
        {
            return null;
        }
    }

    private static string OrNone(string owner) => owner.Length == 0 ? "(none)" : owner;

    private static string Describe(Message message)
    {
        try
        {
            var reader = message.GetBodyReader();
            if (message.SignatureAsString == "uuu")
            {
                var newState = reader.ReadUInt32();
                var oldState = reader.ReadUInt32();
                var reason = reader.ReadUInt32();
                return $"{oldState} -> {newState} (reason {reason})";
            }

            return message.SignatureAsString == "o" ? reader.ReadObjectPathAsString() : $"({message.SignatureAsString})";
        }
        catch (DBusReadException)
        {
            // A malformed signal is still a hint; its detail is only for logs.
            return "(undecodable)";
        }
    }

    private void PostHint(NmHint hint) => _hints.Writer.TryWrite(hint);

    private async Task DispatchAsync()
    {
        await foreach (var hint in _hints.Reader.ReadAllAsync())
        {
            Action<NmHint>[] watchers;
            lock (_watchersLock)
            {
                if (_disposed)
                {
                    return;
                }

                watchers = [.. _watchers];
            }

            foreach (var watcher in watchers)
            {
                try
                {
                    watcher(hint);
                }
                catch (Exception e)
                {
                    // One faulty watcher must not end hint delivery for the others (this task is the only reader).
                    Log.WatcherFailed(_logger, e.Message);
                }
            }
        }
    }

    private async Task StopDispatchAsync()
    {
        Task? dispatch;
        lock (_watchersLock)
        {
            dispatch = _dispatch;
        }

        _hints.Writer.TryComplete();
        if (dispatch is not null)
        {
            await dispatch;
        }
    }

    private sealed class Unwatch(NetworkManagerClient owner, Action<NmHint> handler) : IAsyncDisposable
    {
        public ValueTask DisposeAsync()
        {
            lock (owner._watchersLock)
            {
                owner._watchers.Remove(handler);
            }

            return ValueTask.CompletedTask;
        }
    }
}
