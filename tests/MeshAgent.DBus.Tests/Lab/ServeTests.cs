namespace MeshAgent.DBus.Tests.Lab;

/// <summary>One connection owns a name and serves methods; a second one calls them through the bus.</summary>
[Category("Lab")]
public class ServeTests
{
    private const string Service = "com.example.MeshAgentTest";
    private static readonly DBusObjectPath ObjectPath = new("/com/example/MeshAgentTest");

    [Test, CancelAfter(60_000)]
    public async Task CallMethodAsync_ServedByOtherConnection_ReturnsHandlerResult(CancellationToken ct)
    {
        await using var daemon = await DBusDaemon.StartAsync();
        await using var server = await DBusConnection.ConnectAsync(daemon.Address, cancellationToken: ct);
        await using var client = await DBusConnection.ConnectAsync(daemon.Address, cancellationToken: ct);
        Assert.That(await server.RequestNameAsync(Service, cancellationToken: ct), Is.EqualTo(RequestNameReply.PrimaryOwner));
        string? seenSender = null;
        using var echo = server.RegisterMethod(ObjectPath, Service, "Echo", (call, _) =>
        {
            seenSender = call.Sender;
            return Task.FromResult<IReadOnlyList<DBusValue>?>([.. call.Arguments, DBusValue.String("served")]);
        });
        var settings = DBusValue.SettingsMap([new("ipv4", [new("method", DBusValue.String("manual")),
            new("address-data", DBusValue.Array(DBusType.Parse("a{sv}"), [DBusValue.PropertyMap([new("prefix", DBusValue.UInt32(24))])]))])]);

        var reply = await client.CallMethodAsync(Service, ObjectPath, Service, "Echo", [settings, DBusValue.Int64(-5)], ct);

        Assert.That(reply, Is.EqualTo(new[] { settings, DBusValue.Int64(-5), DBusValue.String("served") }));
        Assert.That(seenSender, Is.EqualTo(client.UniqueName));
        Assert.That(await client.GetNameOwnerAsync(Service, ct), Is.EqualTo(server.UniqueName));
    }

    [Test, CancelAfter(60_000)]
    public async Task CallMethodAsync_HandlerThrowsDBusError_ClientGetsThatError(CancellationToken ct)
    {
        await using var daemon = await DBusDaemon.StartAsync();
        await using var server = await DBusConnection.ConnectAsync(daemon.Address, cancellationToken: ct);
        await using var client = await DBusConnection.ConnectAsync(daemon.Address, cancellationToken: ct);
        using var failing = server.RegisterMethod(ObjectPath, Service, "Fail", (_, _) =>
            throw new DBusErrorException("com.example.Error.Nope", "not today"));

        var e = Assert.ThrowsAsync<DBusErrorException>(() => client.CallMethodAsync(server.UniqueName, ObjectPath, Service, "Fail", cancellationToken: ct));
        var unknown = Assert.ThrowsAsync<DBusErrorException>(() => client.CallMethodAsync(server.UniqueName, ObjectPath, Service, "Missing", cancellationToken: ct));
        var noObject = Assert.ThrowsAsync<DBusErrorException>(() => client.CallMethodAsync(server.UniqueName, new DBusObjectPath("/none"), Service, "Fail", cancellationToken: ct));

        Assert.That((e!.ErrorName, e.ErrorMessage), Is.EqualTo(("com.example.Error.Nope", "not today")));
        Assert.That(unknown!.ErrorName, Is.EqualTo("org.freedesktop.DBus.Error.UnknownMethod"));
        Assert.That(noObject!.ErrorName, Is.EqualTo("org.freedesktop.DBus.Error.UnknownObject"));
    }

    [Test, CancelAfter(60_000)]
    public async Task DbusSend_CallsServedMethod_PrintsReply(CancellationToken ct)
    {
        await using var daemon = await DBusDaemon.StartAsync();
        DBusDaemon.RequireTools("dbus-send");
        await using var server = await DBusConnection.ConnectAsync(daemon.Address, cancellationToken: ct);
        await server.RequestNameAsync(Service, cancellationToken: ct);
        using var add = server.RegisterMethod(ObjectPath, Service, "Add", (call, _) =>
            Task.FromResult<IReadOnlyList<DBusValue>?>([DBusValue.Int32(call.Arguments[0].AsInt32() + call.Arguments[1].AsInt32())]));

        var (exitCode, output) = await daemon.RunAsync("dbus-send", "--print-reply", "--dest=" + Service, ObjectPath.Value, Service + ".Add", "int32:40", "int32:2");

        Assert.That(exitCode, Is.Zero, output);
        Assert.That(output, Does.Contain("int32 42"));
    }

    [Test, CancelAfter(60_000)]
    public async Task RequestNameAsync_NameOwnedByOther_ReturnsExists(CancellationToken ct)
    {
        await using var daemon = await DBusDaemon.StartAsync();
        await using var first = await DBusConnection.ConnectAsync(daemon.Address, cancellationToken: ct);
        await using var second = await DBusConnection.ConnectAsync(daemon.Address, cancellationToken: ct);

        var a = await first.RequestNameAsync(Service, cancellationToken: ct);
        var again = await first.RequestNameAsync(Service, cancellationToken: ct);
        var b = await second.RequestNameAsync(Service, RequestNameOptions.DoNotQueue, ct);

        Assert.That((a, again, b), Is.EqualTo((RequestNameReply.PrimaryOwner, RequestNameReply.AlreadyOwner, RequestNameReply.Exists)));
    }

    [Test, CancelAfter(60_000)]
    public async Task SetPropertyAsync_ServedPropertiesInterface_DeliversVariant(CancellationToken ct)
    {
        await using var daemon = await DBusDaemon.StartAsync();
        await using var server = await DBusConnection.ConnectAsync(daemon.Address, cancellationToken: ct);
        await using var client = await DBusConnection.ConnectAsync(daemon.Address, cancellationToken: ct);
        var received = new TaskCompletionSource<IReadOnlyList<DBusValue>>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var set = server.RegisterMethod(ObjectPath, "org.freedesktop.DBus.Properties", "Set", (call, _) =>
        {
            received.TrySetResult(call.Arguments);
            return Task.FromResult<IReadOnlyList<DBusValue>?>(null);
        });

        await client.SetPropertyAsync(server.UniqueName, ObjectPath, Service, "Managed", DBusValue.Boolean(false), ct);

        var args = await received.Task.WaitAsync(ct);
        Assert.That(args, Is.EqualTo(new[] { DBusValue.String(Service), DBusValue.String("Managed"), DBusValue.Variant(DBusValue.Boolean(false)) }));
    }
}
