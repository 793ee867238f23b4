namespace MeshAgent.DBus.Tests.Lab;

/// <summary>Calls to a real dbus-daemon's own interface.</summary>
[Category("Lab")]
public class BusTests
{
    [Test, CancelAfter(60_000)]
    public async Task ListNames_OnPrivateBus_ContainsOwnUniqueName(CancellationToken ct)
    {
        await using var daemon = await DBusDaemon.StartAsync();
        await using var connection = await DBusConnection.ConnectAsync(daemon.Address, cancellationToken: ct);

        var names = await connection.ListNamesAsync(ct);

        Assert.That(connection.UniqueName, Does.StartWith(":1."));
        Assert.That(names, Does.Contain("org.freedesktop.DBus").And.Contain(connection.UniqueName));
        Assert.That(daemon.PrintedAddress, Does.Contain("guid=" + connection.ServerGuid));
    }

    [Test, CancelAfter(60_000)]
    public async Task GetNameOwner_BusName_ReturnsBusAndUnownedNameThrowsNameHasNoOwner(CancellationToken ct)
    {
        await using var daemon = await DBusDaemon.StartAsync();
        await using var connection = await DBusConnection.ConnectAsync(daemon.Address, cancellationToken: ct);

        var owner = await connection.GetNameOwnerAsync("org.freedesktop.DBus", ct);
        var e = Assert.ThrowsAsync<DBusErrorException>(() => connection.GetNameOwnerAsync("com.example.Nobody", ct));

        Assert.That(owner, Is.EqualTo("org.freedesktop.DBus"));
        Assert.That(e!.ErrorName, Is.EqualTo("org.freedesktop.DBus.Error.NameHasNoOwner"));
        Assert.That(e.ErrorMessage, Does.Contain("com.example.Nobody"));
    }

    [Test, CancelAfter(60_000)]
    public async Task GetAllProperties_BusObject_ReadsFeaturesAndGetReadsOne(CancellationToken ct)
    {
        await using var daemon = await DBusDaemon.StartAsync();
        await using var connection = await DBusConnection.ConnectAsync(daemon.Address, cancellationToken: ct);
        var path = new DBusObjectPath("/org/freedesktop/DBus");

        var all = await connection.GetAllPropertiesAsync("org.freedesktop.DBus", path, "org.freedesktop.DBus", ct);
        var interfaces = await connection.GetPropertyAsync("org.freedesktop.DBus", path, "org.freedesktop.DBus", "Interfaces", ct);

        Assert.That(all.Keys, Does.Contain("Features").And.Contain("Interfaces"));
        Assert.That(interfaces, Is.EqualTo(all["Interfaces"]));
    }

    [Test, CancelAfter(60_000)]
    public async Task CallMethodAsync_ManyInFlightOnOneConnection_AllRepliesMatchTheirCalls(CancellationToken ct)
    {
        await using var daemon = await DBusDaemon.StartAsync();
        await using var connection = await DBusConnection.ConnectAsync(daemon.Address, cancellationToken: ct);
        var names = Enumerable.Range(0, 200).Select(i => i % 2 == 0 ? "org.freedesktop.DBus" : connection.UniqueName!).ToArray();

        var owners = await Task.WhenAll(names.Select(n => connection.GetNameOwnerAsync(n, ct)));

        Assert.That(owners, Is.EqualTo(names.Select(n => n == "org.freedesktop.DBus" ? n : connection.UniqueName)));
    }

    [Test, CancelAfter(60_000)]
    public async Task ConnectAsync_AbstractSocketAddress_Connects(CancellationToken ct)
    {
        var name = "meshagent-test-" + Guid.NewGuid().ToString("N");
        await using var daemon = await DBusDaemon.StartAsync(listen: "unix:abstract=" + name);
        await using var connection = await DBusConnection.ConnectAsync("unix:abstract=" + name, cancellationToken: ct);

        Assert.That(await connection.NameHasOwnerAsync(connection.UniqueName!, ct), Is.True);
    }

    [Test, CancelAfter(60_000)]
    public async Task ConnectAsync_AddressListWithDeadFirstEntry_ConnectsToSecond(CancellationToken ct)
    {
        await using var daemon = await DBusDaemon.StartAsync();
        var list = $"unix:path={daemon.Directory}/missing.sock;{daemon.Address}";

        await using var connection = await DBusConnection.ConnectAsync(list, cancellationToken: ct);

        Assert.That(connection.UniqueName, Does.StartWith(":"));
    }

    [Test, CancelAfter(60_000)]
    public async Task ConnectSystemBusAsync_WithDbusSystemBusAddress_UsesIt(CancellationToken ct)
    {
        await using var daemon = await DBusDaemon.StartAsync();
        var previous = Environment.GetEnvironmentVariable("DBUS_SYSTEM_BUS_ADDRESS");
        Environment.SetEnvironmentVariable("DBUS_SYSTEM_BUS_ADDRESS", daemon.Address);
        try
        {
            await using var connection = await DBusConnection.ConnectSystemBusAsync(cancellationToken: ct);

            Assert.That(await connection.ListNamesAsync(ct), Does.Contain(connection.UniqueName));
        }
        finally
        {
            Environment.SetEnvironmentVariable("DBUS_SYSTEM_BUS_ADDRESS", previous);
        }
    }
}
