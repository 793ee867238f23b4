namespace MeshAgent.DBus.Tests.Lab;

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
    }
}
