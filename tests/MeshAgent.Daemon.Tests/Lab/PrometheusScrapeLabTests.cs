using System.Text.Json;
using MeshAgent.Daemon.Tests.TestSupport;
using MeshAgent.Lab;

namespace MeshAgent.Daemon.Tests.Lab;

/// <summary>
/// The real daemon in one lab host, listening on its veth address; a real Prometheus in another host
/// scrapes it across the link. Then SIGTERM: STOPPING=1 and exit 0.
/// </summary>
public class PrometheusScrapeLabTests : LabTest
{
    [Test]
    public async Task Prometheus_ScrapesDaemonAcrossVeth_TargetUpThenSigtermStopsCleanly()
    {
        RequireTools("prometheus", "promtool", "curl");
        var agent = await Lab.AddHostAsync("agent");
        var monitor = await Lab.AddHostAsync("prom");
        await Lab.LinkAsync(agent, "eth0", "10.0.0.1/24", monitor, "eth0", "10.0.0.2/24");

        var configPath = Path.Combine(Lab.Directory, "agent.yaml");
        var runtime = Path.Combine(Lab.Directory, "agent-run");
        File.WriteAllText(configPath, $"""
            node:
              name: lab-agent
              state_dir: {Path.Combine(Lab.Directory, "agent-state")}
              runtime_dir: {runtime}
            http:
              listen: "10.0.0.1:9473"
              api_socket: {Path.Combine(runtime, "meshagent.sock")}
            """);
        // A path socket: abstract names are per network namespace, file paths are not.
        using var notify = NotifyListener.AtPath(Path.Combine(Lab.Directory, "notify.sock"));
        var daemon = agent.Start(DaemonProcess.DaemonPath, ["run", "--config", configPath], new LabProcessOptions
        {
            Name = "meshagent",
            Environment = { ["NOTIFY_SOCKET"] = notify.NotifySocket },
        });
        var ready = await notify.WaitForAsync(m => m.Has("READY", "1"), "READY=1 from the daemon in the lab host");

        var prometheusConfig = Path.Combine(Lab.Directory, "prometheus.yml");
        File.WriteAllText(prometheusConfig, """
            global:
              scrape_interval: 1s
              scrape_timeout: 1s
            scrape_configs:
              - job_name: meshagent
                static_configs:
                  - targets: ["10.0.0.1:9473"]
            """);
        monitor.Start("prometheus",
        [
            "--config.file=" + prometheusConfig,
            "--storage.tsdb.path=" + Path.Combine(Lab.Directory, "prometheus-data"),
            "--web.listen-address=127.0.0.1:9090",
        ], new LabProcessOptions { Name = "prometheus" });

        string? lastTargets = null;
        await Poll.UntilAsync(
            async () =>
            {
                var targets = await monitor.RunAsync("curl", "-s", "http://127.0.0.1:9090/api/v1/targets");
                lastTargets = targets.StdOut;
                return targets.ExitCode == 0 && TargetHealth(targets.StdOut, "10.0.0.1:9473") == "up";
            },
            TimeSpan.FromSeconds(60),
            "the meshagent target to be up in Prometheus");

        // Prometheus parsed our exposition: the build info series is queryable with its labels.
        await Poll.UntilAsync(
            async () =>
            {
                var query = await monitor.RunAsync("curl", "-s", "http://127.0.0.1:9090/api/v1/query?query=meshagent_build_info");
                return query.StdOut.Contains("\"version\":\"", StringComparison.Ordinal);
            },
            TimeSpan.FromSeconds(30),
            "meshagent_build_info to be queryable");

        // The scrape output across the link passes the reference linter.
        var lint = await monitor.RunAsync("sh", "-c", "curl -sf http://10.0.0.1:9473/metrics | promtool check metrics");
        Assert.That(lint.ExitCode, Is.EqualTo(0), $"promtool: {lint.StdOut}{lint.StdErr}; targets: {lastTargets}");

        var exitCode = await daemon.StopAsync(TimeSpan.FromSeconds(30));

        Assert.That(exitCode, Is.EqualTo(0), daemon.Output);
        await notify.WaitForAsync(m => m.Has("STOPPING", "1"), "STOPPING=1 after SIGTERM", ready + 1);
    }

    private static string? TargetHealth(string json, string instance)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            foreach (var target in document.RootElement.GetProperty("data").GetProperty("activeTargets").EnumerateArray())
            {
                if (target.GetProperty("labels").GetProperty("instance").GetString() == instance)
                {
                    return target.GetProperty("health").GetString();
                }
            }
        }
        catch (JsonException)
        {
            // Prometheus still starting: not JSON yet.
        }
        catch (KeyNotFoundException)
        {
            // Not the shape we expect yet.
        }

        return null;
    }
}
