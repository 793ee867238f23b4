using System.Net.Sockets;
using System.Text;

namespace MeshAgent.DBus.Tests.Connection;

/// <summary>
/// An in-process peer on a unix socket that accepts EXTERNAL auth and then plays a script: the
/// test decides what bytes the client receives (for malformed-input handling of the connection).
/// </summary>
internal sealed class FakeBusServer : IAsyncDisposable
{
    private readonly Socket _listener;
    private readonly string _directory;

    public FakeBusServer()
    {
        _directory = Directory.CreateTempSubdirectory("ma-dbus-fake-").FullName;
        _listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        _listener.Bind(new UnixDomainSocketEndPoint(SocketPath));
        _listener.Listen(1);
    }

    public string SocketPath => Path.Combine(_directory, "fake.sock");

    public string Address => "unix:path=" + SocketPath;

    public string? AuthLine { get; private set; }

    /// <summary>Accepts one client, answers the SASL exchange, then runs <paramref name="script"/> on the socket.</summary>
    public async Task ServeOneAsync(Func<Socket, Task> script, string authReply = "OK 0123456789abcdef0123456789abcdef")
    {
        using var client = await _listener.AcceptAsync();
        var line = await ReadLineAsync(client);
        if (line is null)
        {
            return;
        }

        AuthLine = line;
        await client.SendAsync(Encoding.ASCII.GetBytes(authReply + "\r\n"));
        if (!authReply.StartsWith("OK", StringComparison.Ordinal) || await ReadLineAsync(client) != "BEGIN\r\n")
        {
            return;
        }

        await script(client);
    }

    // Byte by byte, so the first message after BEGIN stays in the socket for the script.
    private static async Task<string?> ReadLineAsync(Socket socket)
    {
        var line = new StringBuilder();
        var one = new byte[1];
        while (!line.ToString().EndsWith("\r\n", StringComparison.Ordinal))
        {
            if (await socket.ReceiveAsync(one) == 0)
            {
                return null;
            }

            line.Append((char)one[0]);
        }

        return line.ToString();
    }

    public ValueTask DisposeAsync()
    {
        _listener.Dispose();
        Directory.Delete(_directory, recursive: true);
        return ValueTask.CompletedTask;
    }
}
