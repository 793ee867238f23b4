namespace MeshAgent.DBus;

public sealed partial class DBusConnection
{
    private const string PropertiesInterface = "org.freedesktop.DBus.Properties";

    /// <summary>org.freedesktop.DBus.Properties.Get; returns the variant's content.</summary>
    /// <exception cref="DBusErrorException">Unknown property, object or service.</exception>
    public async Task<DBusValue> GetPropertyAsync(string? destination, DBusObjectPath path, string interfaceName, string property,
        CancellationToken cancellationToken = default)
    {
        var reply = await CallMethodAsync(destination, path, PropertiesInterface, "Get",
            [DBusValue.String(interfaceName), DBusValue.String(property)], cancellationToken).ConfigureAwait(false);
        return Single(reply, "v").AsVariant();
    }

    /// <summary>org.freedesktop.DBus.Properties.GetAll; names mapped to variant contents.</summary>
    /// <exception cref="DBusErrorException">Unknown object or service.</exception>
    public async Task<IReadOnlyDictionary<string, DBusValue>> GetAllPropertiesAsync(string? destination, DBusObjectPath path, string interfaceName,
        CancellationToken cancellationToken = default)
    {
        var reply = await CallMethodAsync(destination, path, PropertiesInterface, "GetAll",
            [DBusValue.String(interfaceName)], cancellationToken).ConfigureAwait(false);
        return Single(reply, "a{sv}").AsPropertyMap();
    }

    /// <summary>org.freedesktop.DBus.Properties.Set; <paramref name="value"/> is wrapped in a variant.</summary>
    /// <exception cref="DBusErrorException">Read-only, unknown or wrong type.</exception>
    public Task SetPropertyAsync(string? destination, DBusObjectPath path, string interfaceName, string property, DBusValue value,
        CancellationToken cancellationToken = default) =>
        CallMethodAsync(destination, path, PropertiesInterface, "Set",
            [DBusValue.String(interfaceName), DBusValue.String(property), DBusValue.Variant(value)], cancellationToken);

    /// <summary>
    /// Subscribes to PropertiesChanged from <paramref name="sender"/> (bus name, or null for any),
    /// on <paramref name="path"/> (or any when null; use <paramref name="pathNamespace"/> for a
    /// subtree), for <paramref name="interfaceName"/> (or any when null, matched with arg0).
    /// </summary>
    public Task<DBusSubscription> WatchPropertiesChangedAsync(string? sender, DBusObjectPath? path, string? interfaceName,
        Action<PropertiesChange> handler, DBusObjectPath? pathNamespace = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(handler);
        var rule = new MatchRule
        {
            Type = MessageType.Signal,
            Sender = sender,
            Interface = PropertiesInterface,
            Member = "PropertiesChanged",
            Path = path,
            PathNamespace = pathNamespace,
            Args = interfaceName is null ? new Dictionary<int, string>() : new Dictionary<int, string> { [0] = interfaceName },
        };
        return SubscribeAsync(rule, message =>
        {
            if (message.Signature != "sa{sv}as" || message.Path is not { } emitter)
            {
                return;
            }

            var args = message.Arguments;
            handler(new PropertiesChange(message.Sender, emitter, args[0].AsString(), args[1].AsPropertyMap(),
                [.. args[2].AsArray().Select(v => v.AsString())]));
        }, cancellationToken);
    }

    private static DBusValue Single(IReadOnlyList<DBusValue> reply, string signature) =>
        reply.Count == 1 && reply[0].Signature == signature
            ? reply[0]
            : throw new DBusTypeMismatchException(signature, string.Concat(reply.Select(r => r.Signature)));
}
