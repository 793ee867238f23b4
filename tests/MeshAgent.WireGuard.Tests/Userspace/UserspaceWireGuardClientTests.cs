using System.Net.Sockets;
using System.Text;
using MeshAgent.WireGuard.Userspace;

namespace MeshAgent.WireGuard.Tests.Userspace;

/// <summary>The userspace client against an in-process UAPI socket that answers with canned text.</summary>
public sealed class UserspaceWireGuardClientTests
{
    private string _directory = null!;

    [SetUp]
    public void CreateDirectory() => _directory = Directory.CreateTempSubdirectory("ma-uapi-").FullName;

    [TearDown]
    public void RemoveDirectory() => Directory.Delete(_directory, recursive: true);

    [Test]
    public async Task GetDevice_RealReply_DerivesPublicKeyAndSendsGet()
    {
        using var server = FakeUapiServer.Start(Path.Combine(_directory, "wg0.sock"), _ => FixtureFiles.Read("uapi-get.txt"));
        using var client = Client();

        var device = await client.GetDeviceAsync("wg0", CancellationToken.None);

        Assert.That(server.Requests.Single(), Is.EqualTo("get=1\n\n"));
        Assert.That(device.PublicKey?.ToBase64(), Is.EqualTo("h0L3BEA1iOpM+aP8KxlDw4Qx/JS0wMZsByykWmct+lY="));
        Assert.That(device.Peers, Has.Count.EqualTo(3));
    }

    [Test]
    public async Task ConfigureDevice_Config_SendsExactlyTheWriterText()
    {
        using var server = FakeUapiServer.Start(Path.Combine(_directory, "wg0.sock"), _ => "errno=0\n\n");
        using var client = Client();

        await client.ConfigureDeviceAsync("wg0", new DeviceConfig { ListenPort = 51820 }, CancellationToken.None);

        Assert.That(server.Requests.Single(), Is.EqualTo("set=1\nlisten_port=51820\n\n"));
    }

    [TestCase("errno=-22\n\n", 22)]
    [TestCase("errno=-98\n\n", 98)]
    public void ConfigureDevice_NegativeErrno_ThrowsWithErrno(string reply, int errno)
    {
        using var server = FakeUapiServer.Start(Path.Combine(_directory, "wg0.sock"), _ => reply);
        using var client = Client();

        var exception = Assert.ThrowsAsync<WireGuardException>(() => client.ConfigureDeviceAsync("wg0", new DeviceConfig { ListenPort = 1 }, CancellationToken.None));
        Assert.That(exception!.Errno, Is.EqualTo(errno));
    }

    [Test]
    public void GetDevice_ServerClosesWithoutReply_ThrowsProtocolException()
    {
        using var server = FakeUapiServer.Start(Path.Combine(_directory, "wg0.sock"), _ => string.Empty);
        using var client = Client();
        Assert.ThrowsAsync<WireGuardProtocolException>(() => client.GetDeviceAsync("wg0", CancellationToken.None));
    }

    [Test]
    public void GetDevice_NoSocket_ThrowsNotFound()
    {
        using var client = Client();
        Assert.ThrowsAsync<WireGuardDeviceNotFoundException>(() => client.GetDeviceAsync("wg0", CancellationToken.None));
    }

    [Test]
    public async Task ListDevices_StaleSocketAndOtherFiles_ListsOnlyAnsweringSockets()
    {
        using var live = FakeUapiServer.Start(Path.Combine(_directory, "wg1.sock"), _ => "errno=0\n\n");
        using (var stale = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified))
        {
            // Bound but never listening, then closed: the file stays, nobody answers (a dead wireguard-go).
            stale.Bind(new UnixDomainSocketEndPoint(Path.Combine(_directory, "wg0.sock")));
        }

        await File.WriteAllTextAsync(Path.Combine(_directory, "notes.txt"), "x");
        using var client = Client();

        Assert.That(await client.ListDevicesAsync(CancellationToken.None), Is.EqualTo(new[] { "wg1" }));
        Assert.ThrowsAsync<WireGuardDeviceNotFoundException>(() => client.GetDeviceAsync("wg0", CancellationToken.None));
    }

    [Test]
    public void GetDevice_ServerNeverAnswers_TimesOut()
    {
        using var server = FakeUapiServer.Start(Path.Combine(_directory, "wg0.sock"), _ => null);
        using var client = new UserspaceWireGuardClient(new UserspaceWireGuardOptions { RunDirectory = _directory, RequestTimeout = TimeSpan.FromMilliseconds(300) });
        var exception = Assert.ThrowsAsync<WireGuardException>(() => client.GetDeviceAsync("wg0", CancellationToken.None));
        Assert.That(exception!.Errno, Is.EqualTo(110));
    }

    [TestCase("")]
    [TestCase("../etc")]
    [TestCase("a/b")]
    [TestCase("sixteencharsname")]
    public void GetDevice_InvalidName_ThrowsEinval(string name)
    {
        using var client = Client();
        var exception = Assert.ThrowsAsync<WireGuardException>(() => client.GetDeviceAsync(name, CancellationToken.None));
        Assert.That(exception!.Errno, Is.EqualTo(22));
    }

    [Test]
    public void CreateDevice_BinaryMissing_ThrowsWireGuardException()
    {
        using var client = new UserspaceWireGuardClient(new UserspaceWireGuardOptions { RunDirectory = _directory, WireGuardGoPath = "/nonexistent/wireguard-go" });
        Assert.ThrowsAsync<WireGuardException>(() => client.CreateDeviceAsync("wg0", CancellationToken.None));
    }

    [Test]
    public void CreateDevice_ChildExitsAtOnce_ThrowsWithItsOutput()
    {
        var script = Path.Combine(_directory, "fails.sh");
        File.WriteAllText(script, "#!/bin/sh\necho \"cannot create $2\" >&2\nexit 3\n");
        File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        using var client = new UserspaceWireGuardClient(new UserspaceWireGuardOptions { RunDirectory = _directory, WireGuardGoPath = script });

        var exception = Assert.ThrowsAsync<WireGuardException>(() => client.CreateDeviceAsync("wg0", CancellationToken.None));
        Assert.That(exception!.Message, Does.Contain("code 3"));
    }

    private UserspaceWireGuardClient Client() => new(new UserspaceWireGuardOptions { RunDirectory = _directory });

    /// <summary>For tests: a UAPI socket answering each request with canned text (null: never answer).</summary>
    private sealed class FakeUapiServer : IDisposable
    {
        private readonly Socket _listener;
        private readonly CancellationTokenSource _stop = new();

        private FakeUapiServer(Socket listener) => _listener = listener;

        public List<string> Requests { get; } = [];

        public static FakeUapiServer Start(string path, Func<string, string?> answer)
        {
            var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            listener.Bind(new UnixDomainSocketEndPoint(path));
            listener.Listen();
            var server = new FakeUapiServer(listener);
            _ = server.ServeAsync(answer);
            return server;
        }

        public void Dispose()
        {
            _stop.Cancel();
            _listener.Dispose();
            _stop.Dispose();
        }

        private async Task ServeAsync(Func<string, string?> answer)
        {
            try
            {
                while (!_stop.IsCancellationRequested)
                {
                    using var connection = await _listener.AcceptAsync(_stop.Token);
                    var request = new StringBuilder();
                    var buffer = new byte[4096];
                    while (!request.ToString().EndsWith("\n\n", StringComparison.Ordinal))
                    {
                        var read = await connection.ReceiveAsync(buffer, SocketFlags.None, _stop.Token);
                        if (read == 0)
                        {
                            break;
                        }

                        request.Append(Encoding.ASCII.GetString(buffer, 0, read));
                    }

                    if (request.Length == 0)
                    {
                        continue;
                    }

                    lock (Requests)
                    {
                        Requests.Add(request.ToString());
                    }

                    if (answer(request.ToString()) is not { } reply)
                    {
                        await Task.Delay(Timeout.Infinite, _stop.Token);
                        continue;
                    }

                    await connection.SendAsync(Encoding.ASCII.GetBytes(reply), SocketFlags.None, _stop.Token);
                }
            }
            catch (OperationCanceledException)
            {
                // Stopped.
            }
            catch (ObjectDisposedException)
            {
                // Stopped.
            }
            catch (SocketException)
            {
                // Stopped.
            }
        }
    }
}
