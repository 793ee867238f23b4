namespace MeshAgent.DBus;

public sealed partial class DBusConnection
{
    /// <summary>org.freedesktop.DBus.ListNames: every name currently on the bus.</summary>
    /// <exception cref="DBusConnectionLostException">The connection has ended.</exception>
    public async Task<IReadOnlyList<string>> ListNamesAsync(CancellationToken cancellationToken = default)
    {
        var reply = await CallBusAsync("ListNames", null, cancellationToken).ConfigureAwait(false);
        return [.. reply[0].AsArray().Select(v => v.AsString())];
    }

    /// <summary>org.freedesktop.DBus.GetNameOwner: the unique name owning <paramref name="name"/>.</summary>
    /// <exception cref="DBusErrorException"><c>org.freedesktop.DBus.Error.NameHasNoOwner</c> if unowned.</exception>
    public async Task<string> GetNameOwnerAsync(string name, CancellationToken cancellationToken = default)
    {
        var reply = await CallBusAsync("GetNameOwner", [DBusValue.String(name)], cancellationToken).ConfigureAwait(false);
        return reply[0].AsString();
    }

    /// <summary>org.freedesktop.DBus.NameHasOwner.</summary>
    public async Task<bool> NameHasOwnerAsync(string name, CancellationToken cancellationToken = default)
    {
        var reply = await CallBusAsync("NameHasOwner", [DBusValue.String(name)], cancellationToken).ConfigureAwait(false);
        return reply[0].AsBoolean();
    }

    /// <summary>org.freedesktop.DBus.RequestName.</summary>
    /// <exception cref="DBusErrorException">The bus policy denies owning the name.</exception>
    public async Task<RequestNameReply> RequestNameAsync(string name, RequestNameOptions options = RequestNameOptions.DoNotQueue,
        CancellationToken cancellationToken = default)
    {
        DBusNames.ValidateBusName(name);
        var reply = await CallBusAsync("RequestName", [DBusValue.String(name), DBusValue.UInt32((uint)options)], cancellationToken).ConfigureAwait(false);
        return (RequestNameReply)reply[0].AsUInt32();
    }

    /// <summary>org.freedesktop.DBus.ReleaseName; returns the bus's code (1 released, 2 non-existent, 3 not owner).</summary>
    public async Task<uint> ReleaseNameAsync(string name, CancellationToken cancellationToken = default)
    {
        var reply = await CallBusAsync("ReleaseName", [DBusValue.String(name)], cancellationToken).ConfigureAwait(false);
        return reply[0].AsUInt32();
    }

    /// <summary>
    /// Watches NameOwnerChanged for <paramref name="name"/> (or every name when null). The handler
    /// sees empty owners as null.
    /// </summary>
    public Task<DBusSubscription> WatchNameOwnerChangedAsync(string? name, Action<NameOwnerChange> handler, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(handler);
        var rule = new MatchRule
        {
            Type = MessageType.Signal,
            Sender = BusName,
            Interface = BusInterface,
            Member = "NameOwnerChanged",
            Path = BusPath,
            Args = name is null ? new Dictionary<int, string>() : new Dictionary<int, string> { [0] = name },
        };
        return SubscribeAsync(rule, message =>
        {
            if (message.Signature != "sss")
            {
                return;
            }

            var args = message.Arguments;
            handler(new NameOwnerChange(args[0].AsString(), NullIfEmpty(args[1].AsString()), NullIfEmpty(args[2].AsString())));
        }, cancellationToken);
    }

    private Task<IReadOnlyList<DBusValue>> CallBusAsync(string member, IReadOnlyList<DBusValue>? arguments, CancellationToken cancellationToken) =>
        CallMethodAsync(BusName, BusPath, BusInterface, member, arguments, cancellationToken);

    private static string? NullIfEmpty(string text) => text.Length == 0 ? null : text;
}
