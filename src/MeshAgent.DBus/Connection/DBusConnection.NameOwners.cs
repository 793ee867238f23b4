namespace MeshAgent.DBus;

public sealed partial class DBusConnection
{
    private readonly Lock _trackLock = new();
    private readonly Dictionary<string, TrackedName> _trackedNames = new(StringComparer.Ordinal);

    /// <summary>
    /// Starts following the owner of a well-known name (reference-counted): a NameOwnerChanged
    /// match on the bus, the current owner from GetNameOwner, and updates applied on the read loop.
    /// </summary>
    private async Task<TrackedName> TrackNameAsync(string name, CancellationToken cancellationToken)
    {
        TrackedName track;
        lock (_trackLock)
        {
            if (!_trackedNames.TryGetValue(name, out track!))
            {
                track = new TrackedName();
                _trackedNames[name] = track;
            }

            track.References++;
        }

        try
        {
            await CallMethodAsync(BusName, BusPath, BusInterface, "AddMatch", [DBusValue.String(OwnerRule(name))], cancellationToken).ConfigureAwait(false);
            var reply = await CallRawAsync(DBusMessage.CreateMethodCall(BusName, BusPath, BusInterface, "GetNameOwner", [DBusValue.String(name)]),
                cancellationToken).ConfigureAwait(false);
            var owner = reply.Type == MessageType.MethodReturn && reply.Arguments is [{ Type.Code: DBusTypeCode.String } o] ? o.AsString() : null;
            lock (_trackLock)
            {
                // A NameOwnerChanged received after this reply is newer than it and wins.
                if (reply.ReceiveSequence > track.UpdatedAt)
                {
                    track.Owner = owner;
                    track.UpdatedAt = reply.ReceiveSequence;
                }
            }

            return track;
        }
        catch
        {
            await UntrackNameAsync(name).ConfigureAwait(false);
            throw;
        }
    }

    private async Task UntrackNameAsync(string name)
    {
        lock (_trackLock)
        {
            if (_trackedNames.TryGetValue(name, out var track) && --track.References == 0)
            {
                _trackedNames.Remove(name);
            }
        }

        await RemoveMatchAsync(OwnerRule(name)).ConfigureAwait(false);
    }

    private void UpdateTrackedOwner(DBusMessage message)
    {
        if (message.Sender != BusName || message.Interface != BusInterface || message.Member != "NameOwnerChanged" || message.Signature != "sss")
        {
            return;
        }

        var args = message.Arguments;
        lock (_trackLock)
        {
            if (_trackedNames.TryGetValue(args[0].AsString(), out var track))
            {
                var owner = args[2].AsString();
                track.Owner = owner.Length == 0 ? null : owner;
                track.UpdatedAt = message.ReceiveSequence;
            }
        }
    }

    private static string OwnerRule(string name) => new MatchRule
    {
        Type = MessageType.Signal,
        Sender = BusName,
        Interface = BusInterface,
        Member = "NameOwnerChanged",
        Path = BusPath,
        Args = new Dictionary<int, string> { [0] = name },
    }.ToString();

    /// <summary>The current owner of a followed well-known name.</summary>
    private sealed class TrackedName
    {
        private string? _owner;

        public string? Owner
        {
            get => Volatile.Read(ref _owner);
            set => Volatile.Write(ref _owner, value);
        }

        public long UpdatedAt { get; set; }

        public int References { get; set; }
    }
}
