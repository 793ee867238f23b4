using System.Net;
using System.Net.WebSockets;
using System.Text;
using MeshAgent.Daemon.Tests.TestSupport;

namespace MeshAgent.Daemon.Tests.EndToEnd;

/// <summary>The view and the event stream as the real daemon composes them on its TCP listener.</summary>
public class LiveViewEndpointTests
{
    [Test]
    public async Task RunningDaemon_ServesTheViewAndTheEventSnapshot()
    {
        using var sandbox = new DaemonSandbox();
        await using var daemon = await RunningDaemon.StartAsync(sandbox);
        using var http = new HttpClient();
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(60));

        using var page = await http.GetAsync(new Uri($"http://{sandbox.Listen}/"), guard.Token);
        using var socket = new ClientWebSocket();
        await socket.ConnectAsync(new Uri($"ws://{sandbox.Listen}/api/v1/events"), guard.Token);
        var buffer = new byte[64 * 1024];
        var first = await socket.ReceiveAsync(buffer, guard.Token);

        Assert.That(page.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await page.Content.ReadAsStringAsync(guard.Token), Does.Contain("/ui/app.js"));
        Assert.That(Encoding.UTF8.GetString(buffer, 0, first.Count), Does.StartWith("{\"type\":\"snapshot\""));
    }
}
