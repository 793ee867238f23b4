using System.Diagnostics;
using MeshAgent.Daemon.Tests.Packaging;
using MeshAgent.Daemon.Tests.TestSupport;

namespace MeshAgent.Daemon.Tests.Prometheus;

/// <summary>
/// The shipped alert rules (configs/prometheus/meshagent-rules.yml) through promtool: they load, and their unit
/// tests (meshagent-rules.test.yml: every rule once firing, once silent) pass.
/// </summary>
public class AlertRulesTests
{
    private static string RulesDirectory => Path.Combine(SystemdUnitTests.RepositoryRoot(), "configs", "prometheus");

    [Test]
    public async Task CheckRules_ShippedRules_Exit0()
    {
        var promtool = ToolRequirement.Require("promtool", "prometheus");

        var (exitCode, output) = await RunAsync(promtool, RulesDirectory, "check", "rules", "meshagent-rules.yml");

        Assert.That(exitCode, Is.EqualTo(0), output);
        Assert.That(output, Does.Contain("11 rules found"));
    }

    [Test]
    public async Task TestRules_ShippedTests_Pass()
    {
        var promtool = ToolRequirement.Require("promtool", "prometheus");

        var (exitCode, output) = await RunAsync(promtool, RulesDirectory, "test", "rules", "meshagent-rules.test.yml");

        Assert.That(exitCode, Is.EqualTo(0), output);
    }

    [Test]
    public async Task TestRules_RuleThatNeverFires_Fails()
    {
        // Guards the guard: the unit tests must notice a rule that no longer fires.
        var promtool = ToolRequirement.Require("promtool", "prometheus");
        var directory = Directory.CreateTempSubdirectory("meshagent-rules-");
        try
        {
            var rules = await File.ReadAllTextAsync(Path.Combine(RulesDirectory, "meshagent-rules.yml"));
            var broken = rules.Replace("expr: meshagent_dnsmasq_up == 0", "expr: meshagent_dnsmasq_up == 2", StringComparison.Ordinal);
            Assert.That(broken, Is.Not.EqualTo(rules), "the dnsmasq rule's expression moved: update this test");
            await File.WriteAllTextAsync(Path.Combine(directory.FullName, "meshagent-rules.yml"), broken);
            File.Copy(Path.Combine(RulesDirectory, "meshagent-rules.test.yml"), Path.Combine(directory.FullName, "meshagent-rules.test.yml"));

            var (exitCode, output) = await RunAsync(promtool, directory.FullName, "test", "rules", "meshagent-rules.test.yml");

            Assert.That(exitCode, Is.Not.EqualTo(0), output);
            Assert.That(output, Does.Contain("MeshagentDnsmasqDown"));
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string promtool, string workingDirectory, params string[] arguments)
    {
        var startInfo = new ProcessStartInfo(promtool)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
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
