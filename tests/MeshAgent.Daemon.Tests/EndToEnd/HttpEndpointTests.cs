using System.Net;
using System.Text.Json;
using MeshAgent.Core.Api;
using MeshAgent.Daemon.Tests.Prometheus;
using MeshAgent.Daemon.Tests.TestSupport;

namespace MeshAgent.Daemon.Tests.EndToEnd;

/// <summary>Health and metrics of the real daemon on its TCP listener.</summary>
public class HttpEndpointTests
{
    [Test]
    public async Task Health_RunningDaemonWithoutSubsystems_LiveAndReady()
    {
        using var sandbox = new DaemonSandbox();
        await using var daemon = await RunningDaemon.StartAsync(sandbox);
        using var http = new HttpClient { BaseAddress = new Uri($"http://{sandbox.Listen}/") };

        using var live = await http.GetAsync(new Uri("health/live", UriKind.Relative));
        using var ready = await http.GetAsync(new Uri("health/ready", UriKind.Relative));

        Assert.That(live.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(ready.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var readiness = JsonSerializer.Deserialize(await ready.Content.ReadAsStringAsync(), ApiJsonContext.Default.Readiness)!;
        Assert.That(readiness.Ready, Is.True);
        Assert.That(readiness.Reasons, Is.Empty);
    }

    [Test]
    public async Task Metrics_RealScrape_ContentTypeSeriesAndPromtoolClean()
    {
        var promtool = ToolRequirement.Require("promtool", "prometheus");
        using var sandbox = new DaemonSandbox();
        await using var daemon = await RunningDaemon.StartAsync(sandbox);
        using var http = new HttpClient();

        using var response = await http.GetAsync(new Uri($"http://{sandbox.Listen}/metrics"));
        var text = await response.Content.ReadAsStringAsync();

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(response.Content.Headers.ContentType?.ToString(), Is.EqualTo("text/plain; version=0.0.4; charset=utf-8"));
        foreach (var series in new[] { "meshagent_build_info{", "process_resident_memory_bytes ", "process_cpu_seconds_total ", "process_start_time_seconds ", "process_open_fds ", "process_max_fds " })
        {
            Assert.That(text, Does.Contain("\n" + series), series);
        }

        var (exitCode, output) = await PromtoolTests.RunPromtoolAsync(promtool, text);
        Assert.That(exitCode, Is.EqualTo(0), output);
    }
}
