using System.Diagnostics;
using System.Text;
using System.Text.Json;
using MeshAgent.Daemon.Tests.Packaging;
using MeshAgent.Daemon.Tests.TestSupport;

namespace MeshAgent.Daemon.Tests.Prometheus;

/// <summary>
/// Every panel query of the Grafana dashboard (configs/grafana/meshagent-overview.json) is valid PromQL: promtool
/// parses each one as a recording rule. MeshEndToEndLabTests.Dashboard evaluates them against a real Prometheus that scraped the lab mesh.
/// </summary>
public class DashboardQueryTests
{
    [Test]
    public async Task CheckRules_EveryPanelQuery_Parses()
    {
        var promtool = ToolRequirement.Require("promtool", "prometheus");
        var queries = PanelQueries();
        var directory = Directory.CreateTempSubdirectory("meshagent-dashboard-");
        try
        {
            var rules = new StringBuilder("groups:\n  - name: dashboard\n    rules:\n");
            for (var i = 0; i < queries.Count; i++)
            {
                rules.Append("      - record: dashboard_panel_").Append(i).Append('\n')
                    .Append("        expr: ").Append(JsonSerializer.Serialize(queries[i])).Append('\n');
            }

            var path = Path.Combine(directory.FullName, "dashboard-rules.yml");
            await File.WriteAllTextAsync(path, rules.ToString());

            var (exitCode, output) = await RunAsync(promtool, "check", "rules", path);

            Assert.That(queries, Has.Count.GreaterThanOrEqualTo(6));
            Assert.That(exitCode, Is.EqualTo(0), output + "\n" + rules);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    private static List<string> PanelQueries()
    {
        var path = Path.Combine(SystemdUnitTests.RepositoryRoot(), "configs", "grafana", "meshagent-overview.json");
        using var dashboard = JsonDocument.Parse(File.ReadAllText(path));
        return [.. dashboard.RootElement.GetProperty("panels").EnumerateArray()
            .SelectMany(p => p.GetProperty("targets").EnumerateArray())
            .Select(t => t.GetProperty("expr").GetString()!)];
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string promtool, params string[] arguments)
    {
        var startInfo = new ProcessStartInfo(promtool) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        using var process = Process.Start(startInfo)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        await process.WaitForExitAsync(guard.Token);
        return (process.ExitCode, await stdout + await stderr);
    }
}
