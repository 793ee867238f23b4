namespace MeshAgent.DBus.Tests.Lab;

/// <summary>Signals through a real dbus-daemon: match rules, dbus-send emitters, NameOwnerChanged, PropertiesChanged.</summary>
[Category("Lab")]
public class SignalTests
{
    [Test, CancelAfter(60_000)]
    public async Task SubscribeAsync_SignalFromDbusSend_DeliversOnlyMatchingSignal(CancellationToken ct)
    {
        await using var daemon = await DBusDaemon.StartAsync();
        DBusDaemon.RequireTools("dbus-send");
        await using var connection = await DBusConnection.ConnectAsync(daemon.Address, cancellationToken: ct);
        var pings = new List<DBusMessage>();
        var pongs = new List<DBusMessage>();
        var gotPong = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var ping = await connection.SubscribeAsync(
            new MatchRule { Type = MessageType.Signal, Interface = "com.example.Sig", Member = "Ping" }, m => { lock (pings) { pings.Add(m); } }, ct);
        await using var pong = await connection.SubscribeAsync(
            new MatchRule { Type = MessageType.Signal, Interface = "com.example.Sig", Member = "Pong" }, m => { lock (pongs) { pongs.Add(m); } gotPong.TrySetResult(); }, ct);

        var (rc1, out1) = await daemon.RunAsync("dbus-send", "--type=signal", "/com/example/sig", "com.example.Sig.Ping", "string:hello", "uint32:7");
        var (rc2, out2) = await daemon.RunAsync("dbus-send", "--type=signal", "/com/example/sig", "com.example.Sig.Pong");
        Assert.That((rc1, rc2), Is.EqualTo((0, 0)), out1 + out2);
        await gotPong.Task.WaitAsync(ct);

        // Signals from one sender arrive in order, so Ping was dispatched before Pong; give its handler a moment.
        await Poll(() => { lock (pings) { return pings.Count == 1; } }, ct);
        lock (pings)
        {
            Assert.That(pings.Single().Arguments, Is.EqualTo(new[] { DBusValue.String("hello"), DBusValue.UInt32(7) }));
            Assert.That(pings.Single().Path, Is.EqualTo(new DBusObjectPath("/com/example/sig")));
        }

        lock (pongs)
        {
            Assert.That(pongs, Has.Count.EqualTo(1));
            Assert.That(pongs[0].Member, Is.EqualTo("Pong"));
        }
    }

    [Test, CancelAfter(60_000)]
    public async Task DisposeSubscription_ThenSignal_NotDelivered(CancellationToken ct)
    {
        await using var daemon = await DBusDaemon.StartAsync();
        await using var listener = await DBusConnection.ConnectAsync(daemon.Address, cancellationToken: ct);
        await using var emitter = await DBusConnection.ConnectAsync(daemon.Address, cancellationToken: ct);
        var count = 0;
        var rule = new MatchRule { Type = MessageType.Signal, Interface = "com.example.Sig", Member = "Tick" };
        var subscription = await listener.SubscribeAsync(rule, _ => Interlocked.Increment(ref count), ct);
        var control = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var marker = await listener.SubscribeAsync(
            new MatchRule { Type = MessageType.Signal, Interface = "com.example.Sig", Member = "Marker" }, _ => control.TrySetResult(), ct);

        await emitter.EmitSignalAsync(new DBusObjectPath("/t"), "com.example.Sig", "Tick", cancellationToken: ct);
        await Poll(() => Volatile.Read(ref count) == 1, ct);
        await subscription.DisposeAsync();
        await emitter.EmitSignalAsync(new DBusObjectPath("/t"), "com.example.Sig", "Tick", cancellationToken: ct);
        await emitter.EmitSignalAsync(new DBusObjectPath("/t"), "com.example.Sig", "Marker", cancellationToken: ct);
        await control.Task.WaitAsync(ct);

        Assert.That(Volatile.Read(ref count), Is.EqualTo(1));
    }

    [Test, CancelAfter(60_000)]
    public async Task SubscribeAsync_HandlerBlocks_OtherCallsStillComplete(CancellationToken ct)
    {
        await using var daemon = await DBusDaemon.StartAsync();
        await using var listener = await DBusConnection.ConnectAsync(daemon.Address, cancellationToken: ct);
        await using var emitter = await DBusConnection.ConnectAsync(daemon.Address, cancellationToken: ct);
        using var release = new ManualResetEventSlim();
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var blocking = await listener.SubscribeAsync(new MatchRule { Type = MessageType.Signal, Interface = "com.example.Sig" }, _ =>
        {
            entered.TrySetResult();
            release.Wait(TimeSpan.FromSeconds(30));
        }, ct);

        await emitter.EmitSignalAsync(new DBusObjectPath("/t"), "com.example.Sig", "Block", cancellationToken: ct);
        await entered.Task.WaitAsync(ct);

        // The read loop is not blocked by the handler: a call round trip still completes.
        Assert.That(await listener.ListNamesAsync(ct), Does.Contain(emitter.UniqueName));
        release.Set();
    }

    [Test, CancelAfter(60_000)]
    public async Task WatchNameOwnerChangedAsync_OwnerDisconnects_ReportsOldOwnerAndNoNewOwner(CancellationToken ct)
    {
        await using var daemon = await DBusDaemon.StartAsync();
        await using var watcher = await DBusConnection.ConnectAsync(daemon.Address, cancellationToken: ct);
        var changes = new List<NameOwnerChange>();
        await using var watch = await watcher.WatchNameOwnerChangedAsync("com.example.Goes", c => { lock (changes) { changes.Add(c); } }, ct);
        string owner;
        await using (var goes = await DBusConnection.ConnectAsync(daemon.Address, cancellationToken: ct))
        {
            owner = goes.UniqueName!;
            await goes.RequestNameAsync("com.example.Goes", cancellationToken: ct);
            await Poll(() => { lock (changes) { return changes.Count == 1; } }, ct);
        }

        await Poll(() => { lock (changes) { return changes.Count == 2; } }, ct);

        lock (changes)
        {
            Assert.That(changes, Is.EqualTo(new[]
            {
                new NameOwnerChange("com.example.Goes", null, owner),
                new NameOwnerChange("com.example.Goes", owner, null),
            }));
        }
    }

    [Test, CancelAfter(60_000)]
    public async Task WatchPropertiesChangedAsync_EmittedByService_DeliversChangedAndInvalidated(CancellationToken ct)
    {
        await using var daemon = await DBusDaemon.StartAsync();
        await using var service = await DBusConnection.ConnectAsync(daemon.Address, cancellationToken: ct);
        await using var client = await DBusConnection.ConnectAsync(daemon.Address, cancellationToken: ct);
        await service.RequestNameAsync("com.example.Props", cancellationToken: ct);
        var path = new DBusObjectPath("/com/example/Props/Device/1");
        var received = new TaskCompletionSource<PropertiesChange>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var watch = await client.WatchPropertiesChangedAsync("com.example.Props", null, "com.example.Props.Device",
            c => received.TrySetResult(c), pathNamespace: new DBusObjectPath("/com/example/Props"), cancellationToken: ct);

        // First an interface the watch does not ask for (arg0 filters it out), then the one it does.
        await service.EmitSignalAsync(path, "org.freedesktop.DBus.Properties", "PropertiesChanged",
            [DBusValue.String("com.example.Other"), DBusValue.PropertyMap([]), DBusValue.StringArray([])], ct);
        await service.EmitSignalAsync(path, "org.freedesktop.DBus.Properties", "PropertiesChanged",
            [DBusValue.String("com.example.Props.Device"), DBusValue.PropertyMap([new("State", DBusValue.UInt32(100))]), DBusValue.StringArray(["Ip4Config"])], ct);

        var change = await received.Task.WaitAsync(ct);
        Assert.That(change.Interface, Is.EqualTo("com.example.Props.Device"));
        Assert.That(change.Path, Is.EqualTo(path));
        Assert.That(change.Sender, Is.EqualTo(service.UniqueName));
        Assert.That(change.Changed["State"].AsUInt32(), Is.EqualTo(100));
        Assert.That(change.Invalidated, Is.EqualTo(new[] { "Ip4Config" }));
    }

    private static async Task Poll(Func<bool> condition, CancellationToken ct)
    {
        while (!condition())
        {
            await Task.Delay(10, ct);
        }
    }
}
