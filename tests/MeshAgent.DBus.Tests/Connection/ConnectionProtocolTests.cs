using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace MeshAgent.DBus.Tests.Connection;

/// <summary>The connection's handling of auth and of what the peer sends, against an in-process peer.</summary>
public class ConnectionProtocolTests
{
    private static readonly DBusConnectionOptions PeerToPeer = new() { SayHello = false };

    [Test, CancelAfter(30_000)]
    public async Task ConnectAsync_Auth_SendsNulThenExternalWithHexOfDecimalUid(CancellationToken ct)
    {
        await using var server = new FakeBusServer();
        var serving = server.ServeOneAsync(_ => Task.CompletedTask);

        await using var connection = await DBusConnection.ConnectAsync(server.Address, PeerToPeer, ct);
        await serving;

        var uid = File.ReadLines("/proc/self/status").First(l => l.StartsWith("Uid:", StringComparison.Ordinal))
            .Split('\t', StringSplitOptions.RemoveEmptyEntries)[2];
        var hex = Convert.ToHexStringLower(Encoding.ASCII.GetBytes(uid));
        Assert.That(server.AuthLine, Is.EqualTo("\0AUTH EXTERNAL " + hex + "\r\n"));
        Assert.That(connection.ServerGuid, Is.EqualTo("0123456789abcdef0123456789abcdef"));
    }

    [Test, CancelAfter(30_000)]
    public async Task ConnectAsync_Rejected_ThrowsConnectFailed(CancellationToken ct)
    {
        await using var server = new FakeBusServer();
        var serving = server.ServeOneAsync(_ => Task.CompletedTask, authReply: "REJECTED EXTERNAL");

        Assert.ThrowsAsync<DBusConnectFailedException>(() => DBusConnection.ConnectAsync(server.Address, PeerToPeer, ct));
        await serving;
    }

    [Test, CancelAfter(30_000)]
    public async Task ReadLoop_MalformedMessage_CountsItAndClosesWithTypedError(CancellationToken ct)
    {
        await using var server = new FakeBusServer();
        var release = new TaskCompletionSource();
        var serving = server.ServeOneAsync(async socket =>
        {
            // A valid signal whose BOOLEAN body holds 2.
            var message = DBusMessage.CreateSignal(new DBusObjectPath("/a"), "com.example.I", "M", [DBusValue.Boolean(true)]);
            var bytes = MessageEncoder.Encode(Codec.RoundTripTests.WithSerial(message, 1));
            bytes[^4] = 2;
            await socket.SendAsync(bytes);
            await release.Task;
        });
        await using var connection = await DBusConnection.ConnectAsync(server.Address, PeerToPeer, ct);

        var reason = await connection.Closed.WaitAsync(ct);
        release.SetResult();
        await serving;

        Assert.That(connection.MalformedMessagesReceived, Is.EqualTo(1));
        Assert.That(reason.InnerException, Is.InstanceOf<DBusFormatException>());
        Assert.That(((DBusFormatException)reason.InnerException!).Error, Is.EqualTo(DBusFormatError.InvalidBoolean));
    }

    [Test, CancelAfter(30_000)]
    public async Task ReadLoop_MessageSplitIntoSingleBytes_ReplyStillMatchesCall(CancellationToken ct)
    {
        await using var server = new FakeBusServer();
        var serving = server.ServeOneAsync(async socket =>
        {
            var call = await ReadOneMessageAsync(socket);
            var reply = DBusMessage.CreateMethodReturn(call, [DBusValue.String(new string('x', 70_000)), DBusValue.UInt32(call.Serial)]);
            var bytes = MessageEncoder.Encode(Codec.RoundTripTests.WithSerial(reply, 9));
            // First bytes one by one (framing across reads), the rest at once (buffer growth past 64 KiB).
            for (var i = 0; i < 40; i++)
            {
                await socket.SendAsync(bytes.AsMemory(i, 1));
                await Task.Delay(1);
            }

            await socket.SendAsync(bytes.AsMemory(40));
        });
        await using var connection = await DBusConnection.ConnectAsync(server.Address, PeerToPeer, ct);

        var result = await connection.CallMethodAsync(null, new DBusObjectPath("/a"), "com.example.I", "Get", cancellationToken: ct);
        await serving;

        Assert.That(result[0].AsString(), Has.Length.EqualTo(70_000));
        Assert.That(result[1].AsUInt32(), Is.EqualTo(1));
    }

    [Test, CancelAfter(30_000)]
    public async Task ReadLoop_PeerCloses_PendingCallFailsWithConnectionLost(CancellationToken ct)
    {
        await using var server = new FakeBusServer();
        var serving = server.ServeOneAsync(async socket =>
        {
            await ReadOneMessageAsync(socket);
            socket.Shutdown(SocketShutdown.Both);
        });
        await using var connection = await DBusConnection.ConnectAsync(server.Address, PeerToPeer, ct);

        Assert.ThrowsAsync<DBusConnectionLostException>(() =>
            connection.CallMethodAsync(null, new DBusObjectPath("/a"), "com.example.I", "Get", cancellationToken: ct));
        await serving;
        Assert.That(connection.MalformedMessagesReceived, Is.Zero);
    }

    private static async Task<DBusMessage> ReadOneMessageAsync(Socket socket)
    {
        var data = new List<byte>();
        var buffer = new byte[4096];
        while (true)
        {
            if (MessageDecoder.TryGetMessageLength(data.ToArray(), out var total) && data.Count >= total)
            {
                return MessageDecoder.Decode(data.Take(total).ToArray());
            }

            var n = await socket.ReceiveAsync(buffer);
            if (n == 0)
            {
                throw new IOException("client closed; bytes so far " + data.Count.ToString(CultureInfo.InvariantCulture));
            }

            data.AddRange(buffer.Take(n));
        }
    }
}
