using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using MeshAgent.Daemon.Tests.Packaging;
using MeshAgent.Lab;

namespace MeshAgent.Daemon.Tests.Lab;

/// <summary>
/// The shipped Grafana dashboard and alert rules against a real Prometheus (Debian's) that scrapes the lab mesh:
/// Grafana is not in this machine's registry, so every panel query is sent to Prometheus's query API as Grafana
/// would send it, and must evaluate without error and return data.
/// </summary>
public partial class MeshEndToEndLabTests
{
    /// <summary>
    /// Panel queries allowed to return nothing in a healthy lab mesh, with the reason. Empty now: the one query
    /// over an event counter (reconcile errors) still returns a zero per subsystem, because the counters start at 0.
    /// </summary>
    private static readonly Dictionary<string, string> MayBeEmpty = new(StringComparer.Ordinal);

    [Test]
    [Order(3)]
    public async Task Dashboard_EveryPanelQueryAgainstPrometheusScrapingTheMesh_EvaluatesWithData()
    {
        var missing = LabRequirements.MissingTools(["prometheus"]);
        if (missing.Count > 0)
        {
            Assert.Ignore("Debian's prometheus is not installed: cannot evaluate the dashboard's queries");
        }

        var repository = SystemdUnitTests.RepositoryRoot();
        // The spoke behind NAT has no address Prometheus could reach on the underlay; the others are scraped there.
        var targets = _mesh.Nodes.Where(n => !n.BehindNat && n.Daemon is not null).Select(n => $"\"{n.Underlay}:9473\"").ToList();
        var monitor = await _lab!.AddHostAsync("prom");
        await _lab.ConnectAsync(monitor, "eth0", "192.0.2.200/24", _mesh.Underlay!);
        var config = Path.Combine(_lab.Directory, "prometheus.yml");
        await File.WriteAllTextAsync(config, $"""
            global:
              scrape_interval: 1s
              scrape_timeout: 1s
              evaluation_interval: 1s
            rule_files: ["{Path.Combine(repository, "configs", "prometheus", "meshagent-rules.yml")}"]
            scrape_configs:
              - job_name: meshagent
                static_configs:
                  - targets: [{string.Join(", ", targets)}]
            """);
        var prometheus = monitor.Start("prometheus",
        [
            "--config.file=" + config,
            "--storage.tsdb.path=" + Path.Combine(_lab.Directory, "prometheus-data"),
            "--web.listen-address=127.0.0.1:9090",
        ], new LabProcessOptions { Name = "prometheus" });
        try
        {
            await CheckDashboardAndRulesAsync(monitor, targets.Count, repository);
        }
        finally
        {
            // The later tests change the mesh; Prometheus has no more to say about it.
            await prometheus.StopAsync(TimeSpan.FromSeconds(20));
        }
    }

    private static async Task CheckDashboardAndRulesAsync(LabHost monitor, int targetCount, string repository)
    {
        var clock = Stopwatch.StartNew();
        await Poll.UntilAsync(
            async () => await ScalarAsync(monitor, "count(up{job=\"meshagent\"} == 1)") == targetCount,
            TimeSpan.FromSeconds(90),
            "every reachable node to be scraped (up == 1)");
        // rate() and increase() need two samples of each series: wait until every node has been scraped a few times.
        await Poll.UntilAsync(
            async () => await ScalarAsync(monitor, "min(count_over_time(up{job=\"meshagent\"}[1m]))") >= 5,
            TimeSpan.FromSeconds(90),
            "five scrapes of every node");
        TestContext.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{targetCount} targets up and scraped 5 times after {clock.Elapsed.TotalSeconds:0.0} s"));

        var results = new List<string>();
        var problems = new List<string>();
        foreach (var (panel, expr) in DashboardPanels(repository))
        {
            var answer = await QueryAsync(monitor, expr);
            results.Add($"{panel}: {answer.Status}, {answer.Series} series ({expr})");
            if (answer.Status != "success")
            {
                problems.Add($"{panel}: {answer.Error} ({expr})");
            }
            else if (answer.Series == 0 && !MayBeEmpty.ContainsKey(panel))
            {
                problems.Add($"{panel}: no data ({expr})");
            }
        }

        TestContext.Out.WriteLine(string.Join("\n", results));
        var rules = await RuleHealthAsync(monitor);
        TestContext.Out.WriteLine($"alert rules: {string.Join(", ", rules.Select(r => $"{r.Key}={r.Value}"))}");

        Assert.Multiple(() =>
        {
            Assert.That(results, Has.Count.GreaterThanOrEqualTo(7), "panel queries found");
            Assert.That(problems, Is.Empty);
            Assert.That(rules, Has.Count.EqualTo(11), "every shipped rule loaded");
            Assert.That(rules.Where(r => r.Value == "err").Select(r => r.Key), Is.Empty, "rules that fail to evaluate");
        });
    }

    private static List<(string Panel, string Expr)> DashboardPanels(string repository)
    {
        var panels = new List<(string, string)>();
        foreach (var file in Directory.GetFiles(Path.Combine(repository, "configs", "grafana"), "*.json"))
        {
            using var dashboard = JsonDocument.Parse(File.ReadAllText(file));
            foreach (var panel in dashboard.RootElement.GetProperty("panels").EnumerateArray())
            {
                var title = panel.GetProperty("title").GetString()!;
                foreach (var target in panel.GetProperty("targets").EnumerateArray())
                {
                    panels.Add(($"{Path.GetFileName(file)}/{title}/{target.GetProperty("refId").GetString()}", target.GetProperty("expr").GetString()!));
                }
            }
        }

        return panels;
    }

    private static async Task<(string Status, int Series, string? Error)> QueryAsync(LabHost monitor, string expr)
    {
        var reply = await monitor.RunAsync("curl", "-s", "--data-urlencode", "query=" + expr, "http://127.0.0.1:9090/api/v1/query");
        try
        {
            using var document = JsonDocument.Parse(reply.StdOut);
            var root = document.RootElement;
            var status = root.GetProperty("status").GetString()!;
            if (status != "success")
            {
                return (status, 0, root.TryGetProperty("error", out var error) ? error.GetString() : reply.StdOut);
            }

            var result = root.GetProperty("data").GetProperty("result");
            return (status, result.ValueKind == JsonValueKind.Array ? result.GetArrayLength() : 1, null);
        }
        catch (JsonException)
        {
            return ("unparsable", 0, reply.StdOut + reply.StdErr);
        }
    }

    private static async Task<double?> ScalarAsync(LabHost monitor, string expr)
    {
        var reply = await monitor.RunAsync("curl", "-s", "--data-urlencode", "query=" + expr, "http://127.0.0.1:9090/api/v1/query");
        try
        {
            using var document = JsonDocument.Parse(reply.StdOut);
            var result = document.RootElement.GetProperty("data").GetProperty("result");
            return result.GetArrayLength() == 0 ? null : double.Parse(result[0].GetProperty("value")[1].GetString()!, CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            // Prometheus still starting.
            return null;
        }
    }

    /// <summary>Each alert rule's evaluation health (ok, err, unknown), once every rule has been evaluated.</summary>
    private static async Task<Dictionary<string, string>> RuleHealthAsync(LabHost monitor)
    {
        var health = new Dictionary<string, string>(StringComparer.Ordinal);
        await Poll.UntilAsync(
            async () =>
            {
                health.Clear();
                var reply = await monitor.RunAsync("curl", "-s", "http://127.0.0.1:9090/api/v1/rules");
                try
                {
                    using var document = JsonDocument.Parse(reply.StdOut);
                    foreach (var group in document.RootElement.GetProperty("data").GetProperty("groups").EnumerateArray())
                    {
                        foreach (var rule in group.GetProperty("rules").EnumerateArray())
                        {
                            health[rule.GetProperty("name").GetString()!] = rule.GetProperty("health").GetString()!;
                        }
                    }
                }
                catch (Exception e) when (e is JsonException or KeyNotFoundException)
                {
                    return false;
                }

                return health.Count > 0 && health.Values.All(h => h != "unknown");
            },
            TimeSpan.FromSeconds(60),
            "every alert rule to be evaluated once");
        return health;
    }
}
