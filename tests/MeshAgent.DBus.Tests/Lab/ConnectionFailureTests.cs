namespace MeshAgent.DBus.Tests.Lab;

/// <summary>Connect-failed versus connection-lost against a real dbus-daemon.</summary>
[Category("Lab")]
public class ConnectionFailureTests
{
    [Test, CancelAfter(60_000)]
    public async Task ConnectAsync_MissingSocket_ThrowsConnectFailed(CancellationToken ct)
    {
        var path = Path.Combine(Path.GetTempPath(), "ma-dbus-missing-" + Guid.NewGuid().ToString("N"), "bus.sock");

        var e = Assert.ThrowsAsync<DBusConnectFailedException>(() => DBusConnection.ConnectAsync("unix:path=" + path, cancellationToken: ct));

        Assert.That(e!.InnerException, Is.InstanceOf<System.Net.Sockets.SocketException>());
    }

    [Test, CancelAfter(60_000)]
    public async Task ConnectAsync_DaemonRejectsExternalAuth_ThrowsConnectFailed(CancellationToken ct)
    {
        await using var daemon = await DBusDaemon.StartAsync(auth: "ANONYMOUS");

        var e = Assert.ThrowsAsync<DBusConnectFailedException>(() => DBusConnection.ConnectAsync(daemon.Address, cancellationToken: ct));

        Assert.That(e!.Message, Does.Contain("REJECTED"));
    }

    [Test, CancelAfter(60_000)]
    public async Task PendingCall_DaemonKilled_FailsWithConnectionLost(CancellationToken ct)
    {
        await using var daemon = await DBusDaemon.StartAsync();
        await using var server = await DBusConnection.ConnectAsync(daemon.Address, cancellationToken: ct);
        await using var client = await DBusConnection.ConnectAsync(daemon.Address, cancellationToken: ct);
        var called = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var registration = server.RegisterMethod(new DBusObjectPath("/hang"), "com.example.Hang", "Forever", async (_, token) =>
        {
            called.TrySetResult();
            await Task.Delay(Timeout.Infinite, token);
            return null;
        });
        var pending = client.CallMethodAsync(server.UniqueName, new DBusObjectPath("/hang"), "com.example.Hang", "Forever", cancellationToken: ct);
        await called.Task.WaitAsync(ct);

        await daemon.KillAsync();

        Assert.ThrowsAsync<DBusConnectionLostException>(() => pending);
        var reason = await client.Closed.WaitAsync(ct);
        Assert.That(client.IsConnected, Is.False);
        Assert.That(reason.Message, Does.Contain("closed").Or.Contain("lost"));
        Assert.ThrowsAsync<DBusConnectionLostException>(() => client.ListNamesAsync(ct));
    }

    [Test, CancelAfter(60_000)]
    public async Task CallMethodAsync_Cancelled_ThrowsCanceledAndConnectionStaysUsable(CancellationToken ct)
    {
        await using var daemon = await DBusDaemon.StartAsync();
        await using var server = await DBusConnection.ConnectAsync(daemon.Address, cancellationToken: ct);
        await using var client = await DBusConnection.ConnectAsync(daemon.Address, cancellationToken: ct);
        using var registration = server.RegisterMethod(new DBusObjectPath("/hang"), "com.example.Hang", "Forever", async (_, token) =>
        {
            await Task.Delay(Timeout.Infinite, token);
            return null;
        });
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cancel.CancelAfter(TimeSpan.FromMilliseconds(200));

        Assert.CatchAsync<OperationCanceledException>(() =>
            client.CallMethodAsync(server.UniqueName, new DBusObjectPath("/hang"), "com.example.Hang", "Forever", cancellationToken: cancel.Token));

        Assert.That(await client.ListNamesAsync(ct), Does.Contain(server.UniqueName));
    }
}
