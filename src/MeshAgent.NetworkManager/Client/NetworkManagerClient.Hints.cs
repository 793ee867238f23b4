using MeshAgent.DBus;

namespace MeshAgent.NetworkManager.Client;

public sealed partial class NetworkManagerClient
{
    private readonly Lock _watchersLock = new();
    private readonly List<Action<NmHint>> _watchers = [];

    /// <inheritdoc />
    /// <remarks>
    /// The handler is registered at once and subscribed on every (re)connection; if the bus cannot be
    /// reached now, hints start once a later call connects.
    /// </remarks>
    public async Task<IAsyncDisposable> WatchAsync(Action<NmHint> onHint, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(onHint);
        lock (_watchersLock)
        {
            _watchers.Add(onHint);
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

    private async Task AttachWatchersAsync(DBusConnection connection, CancellationToken cancellationToken)
    {
        // One set of match rules per connection; handlers are looked up at dispatch time.
        await connection.WatchNameOwnerChangedAsync(BusName, change =>
            Emit(new NmHint(NmHintKind.NameOwnerChanged, $"owner {change.OldOwner ?? "(none)"} -> {change.NewOwner ?? "(none)"}")), cancellationToken);
        await connection.SubscribeAsync(
            new MatchRule { Type = MessageType.Signal, Sender = BusName, Interface = DeviceInterface, Member = "StateChanged" },
            message => Emit(new NmHint(NmHintKind.DeviceStateChanged, $"device {message.Path} {Describe(message)}")),
            cancellationToken);
        foreach (var member in new[] { "DeviceAdded", "DeviceRemoved" })
        {
            await connection.SubscribeAsync(
                new MatchRule { Type = MessageType.Signal, Sender = BusName, Interface = RootInterface, Member = member, Path = new DBusObjectPath(RootPath) },
                message => Emit(new NmHint(NmHintKind.DeviceStateChanged, $"{member} {Describe(message)}")),
                cancellationToken);
        }

        _ = connection.Closed.ContinueWith(
            t =>
            {
                Log.ConnectionLost(_logger, t.Result.Message);
                Emit(new NmHint(NmHintKind.ConnectionLost, t.Result.Message));
            },
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }

    private static string Describe(DBusMessage message)
    {
        try
        {
            return message.Signature == "uuu"
                ? $"{message.Arguments[1].AsUInt32()} -> {message.Arguments[0].AsUInt32()} (reason {message.Arguments[2].AsUInt32()})"
                : string.Join(" ", message.Arguments.Select(a => a.ToString()));
        }
        catch (DBusException)
        {
            // A malformed signal is still a hint; its detail is only for logs.
            return "(undecodable)";
        }
    }

    private void Emit(NmHint hint)
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
            watcher(hint);
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
