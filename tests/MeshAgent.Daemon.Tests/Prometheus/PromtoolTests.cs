using MeshAgent.Core.Api;
using MeshAgent.Daemon.Diagnostics;
using MeshAgent.Daemon.Prometheus;
using MeshAgent.Daemon.Reconciliation;
using MeshAgent.Daemon.Tests.TestSupport;

namespace MeshAgent.Daemon.Tests.Prometheus;

/// <summary>The exporter's real output through the reference linter, promtool (package prometheus).</summary>
public class PromtoolTests
{
    [Test]
    public async Task CheckMetrics_ProcessAndReconcileSeries_Exit0()
    {
        var promtool = ToolRequirement.Require("promtool", "prometheus");
        using var process = new ProcessMetrics(new BuildInfo("1.2.3", "abc\"def"));
        using var reconcile = new ReconcileMetrics();
        using var collector = new MetricsExporter(m => m.Name is ProcessMetrics.MeterName or ReconcileMetrics.MeterName);
        reconcile.Register("wireguard");
        reconcile.Register("dns\\dhcp");
        reconcile.Record(new ReconcileOutcome("wireguard", SubsystemState.Converged, null, null, [], TimeSpan.FromMilliseconds(3)));
        reconcile.Record(new ReconcileOutcome("dns\\dhcp", SubsystemState.Failed, "boom", null, [], TimeSpan.FromSeconds(2)));
        var text = await collector.ScrapeAsync();

        var (exitCode, output) = await RunPromtoolAsync(promtool, text);

        Assert.That(exitCode, Is.EqualTo(0), $"promtool said: {output}\n--- input ---\n{text}");
        Assert.That(text, Does.Contain("meshagent_reconcile_errors_total{subsystem=\"dns\\\\dhcp\"} 1"));
        Assert.That(text, Does.Contain("meshagent_reconciles_total{result=\"converged\",subsystem=\"wireguard\"} 1"));
        Assert.That(text, Does.Contain("process_resident_memory_bytes "));
        Assert.That(text, Does.Contain("process_cpu_seconds_total "), "from prometheus-net's DotNetStats");
        Assert.That(text, Does.Contain("process_start_time_seconds "), "from prometheus-net's DotNetStats");
        Assert.That(text, Does.Contain("meshagent_build_info{commit=\"abc\\\"def\",version=\"1.2.3\"} 1"));
    }

    [Test]
    public async Task CheckMetrics_CounterWithoutTotal_ReportsProblem()
    {
        // Guards the guard: promtool must actually lint what we feed it.
        var promtool = ToolRequirement.Require("promtool", "prometheus");

        var (exitCode, _) = await RunPromtoolAsync(promtool, "# HELP bad_counter x\n# TYPE bad_counter counter\nbad_counter 1\n");

        Assert.That(exitCode, Is.Not.EqualTo(0));
    }

    internal static async Task<(int ExitCode, string Output)> RunPromtoolAsync(string promtool, string text)
    {
        var startInfo = new System.Diagnostics.ProcessStartInfo(promtool)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        startInfo.ArgumentList.Add("check");
        startInfo.ArgumentList.Add("metrics");
        using var process = System.Diagnostics.Process.Start(startInfo)!;
        await process.StandardInput.WriteAsync(text);
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(guard.Token);
        return (process.ExitCode, await stdout + await stderr);
    }
}
