using System.Net.Http.Json;
using System.Net.Sockets;
using MeshAgent.Core.Api;
using MeshAgent.Daemon.Tests.TestSupport;

namespace MeshAgent.Daemon.Tests.EndToEnd;

/// <summary>The local API socket of the real daemon and meshctl status as its client.</summary>
public class StatusApiTests
{
    [Test]
    public async Task MeshctlStatus_RunningDaemon_ShortAlignedSummary()
    {
        using var sandbox = new DaemonSandbox();
        await using var daemon = await RunningDaemon.StartAsync(sandbox);

        var (exitCode, output, error) = await DaemonProcess.RunAsync(DaemonProcess.MeshctlPath, "status", "--socket", sandbox.ApiSocket);

        Assert.That(exitCode, Is.EqualTo(0), error);
        Assert.That(output, Does.Contain($"node       {sandbox.NodeName}\n"));
        Assert.That(output, Does.Contain("state      ready: no subsystems configured\n"));
        Assert.That(output, Does.Contain("ready      yes\n"));
        Assert.That(output, Does.Contain("subsystems none configured\n"));
    }

    [Test]
    public async Task MeshctlStatusJson_RunningDaemon_ParsesAsNodeStatus()
    {
        using var sandbox = new DaemonSandbox();
        await using var daemon = await RunningDaemon.StartAsync(sandbox);

        var (exitCode, output, error) = await DaemonProcess.RunAsync(DaemonProcess.MeshctlPath, "status", "--json", "--socket", sandbox.ApiSocket);

        Assert.That(exitCode, Is.EqualTo(0), error);
        var status = System.Text.Json.JsonSerializer.Deserialize(output, ApiJsonContext.Default.NodeStatus)!;
        Assert.That(status.Node, Is.EqualTo(sandbox.NodeName));
        Assert.That(status.Ready, Is.True);
        Assert.That(status.LastReconcile, Is.Not.Null);
        Assert.That(status.Subsystems, Is.Empty);
        Assert.That(output, Does.Contain("\"uptime_seconds\""));
    }

    [Test]
    public async Task MeshctlStatus_DaemonNotRunning_ClearMessageAndExit1()
    {
        using var sandbox = new DaemonSandbox();

        var (exitCode, output, error) = await DaemonProcess.RunAsync(DaemonProcess.MeshctlPath, "status", "--socket", sandbox.ApiSocket);

        Assert.That(exitCode, Is.EqualTo(1));
        Assert.That(output, Is.Empty);
        Assert.That(error, Does.Contain("meshagent is not running").And.Contain(sandbox.ApiSocket));
    }

    [Test]
    public async Task Run_StaleSocketFromDeadDaemon_RemovedAndServed()
    {
        using var sandbox = new DaemonSandbox();
        Directory.CreateDirectory(sandbox.RuntimeDirectory);
        using (var dead = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified))
        {
            // A socket file nobody answers on, as after a crash. .NET unlinks the path it bound when the
            // socket is disposed, so bind elsewhere and move the file into place first.
            var bound = sandbox.ApiSocket + ".tmp";
            dead.Bind(new UnixDomainSocketEndPoint(bound));
            File.Move(bound, sandbox.ApiSocket);
        }

        Assert.That(File.Exists(sandbox.ApiSocket), Is.True);

        await using var daemon = await RunningDaemon.StartAsync(sandbox);

        Assert.That(daemon.Process.StandardError, Does.Contain("Removed stale API socket"));
        Assert.That((await GetStatusJsonAsync(sandbox.ApiSocket)).Node, Is.EqualTo(sandbox.NodeName));
    }

    [Test]
    public async Task Run_FreshRuntimeDirectory_Directory0755AndSocket0660()
    {
        using var sandbox = new DaemonSandbox();
        await using var daemon = await RunningDaemon.StartAsync(sandbox);

        Assert.That(File.GetUnixFileMode(sandbox.RuntimeDirectory), Is.EqualTo(
            UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
            | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute));
        Assert.That(File.GetUnixFileMode(sandbox.ApiSocket), Is.EqualTo(
            UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.GroupWrite));
    }

    [Test]
    public async Task Run_SecondDaemonOnTheSameSocket_RefusesWithExit1()
    {
        using var sandbox = new DaemonSandbox();
        await using var first = await RunningDaemon.StartAsync(sandbox);
        using var second = new DaemonSandbox();
        second.WriteConfig();
        File.WriteAllText(second.ConfigPath, File.ReadAllText(second.ConfigPath).Replace(second.ApiSocket, sandbox.ApiSocket, StringComparison.Ordinal));

        await using var process = DaemonProcess.Start(DaemonProcess.DaemonPath, ["run", "--config", second.ConfigPath]);
        Assert.That(await process.WaitForExitAsync(TimeSpan.FromSeconds(60)), Is.True);

        Assert.That(process.ExitCode, Is.EqualTo(1));
        Assert.That(process.StandardError, Does.Contain("another meshagent is serving"));
        Assert.That((await GetStatusJsonAsync(sandbox.ApiSocket)).Node, Is.EqualTo(sandbox.NodeName), "the first daemon still serves");
    }

    [Test]
    public async Task Status_OverTcpListener_NotServed()
    {
        using var sandbox = new DaemonSandbox();
        await using var daemon = await RunningDaemon.StartAsync(sandbox);
        using var http = new HttpClient();

        using var response = await http.GetAsync(new Uri($"http://{sandbox.Listen}{ApiDefaults.StatusPath}"));

        Assert.That((int)response.StatusCode, Is.EqualTo(404));
    }

    /// <summary>GET /v1/status on a unix socket, independent of meshctl.</summary>
    internal static async Task<NodeStatus> GetStatusJsonAsync(string socketPath)
    {
        using var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (_, ct) =>
            {
                var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), ct);
                return new NetworkStream(socket, ownsSocket: true);
            },
        };
        using var http = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(30) };
        return (await http.GetFromJsonAsync(new Uri("http://meshagent" + ApiDefaults.StatusPath), ApiJsonContext.Default.NodeStatus))!;
    }
}
