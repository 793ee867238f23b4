using System.Diagnostics;
using MeshAgent.Daemon.Tests.TestSupport;

namespace MeshAgent.Daemon.Tests.Packaging;

/// <summary>systemd/meshagent.service as systemd itself reads it.</summary>
public class SystemdUnitTests
{
    [Test]
    public async Task Verify_ShippedUnitWithThisBuildsBinary_NoWarnings()
    {
        var analyze = ToolRequirement.Require("systemd-analyze", "systemd");
        var unit = File.ReadAllText(Path.Combine(RepositoryRoot(), "systemd", "meshagent.service"));
        var directory = Directory.CreateTempSubdirectory("mau-").FullName;
        try
        {
            // verify insists that ExecStart's binary exists: point it at the one this build made.
            var path = Path.Combine(directory, "meshagent.service");
            File.WriteAllText(path, unit.Replace("/usr/bin/meshagent", DaemonProcess.DaemonPath, StringComparison.Ordinal));

            var (exitCode, output) = await RunAsync(analyze, "verify", path);

            // verify reports unknown or malformed settings as warnings with exit code 0: both must be clean.
            Assert.That(exitCode, Is.EqualTo(0), output);
            Assert.That(output.Trim(), Is.Empty);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Test]
    public void Unit_DeclaresTheNotifyContract()
    {
        var lines = File.ReadAllLines(Path.Combine(RepositoryRoot(), "systemd", "meshagent.service"));

        Assert.That(lines, Does.Contain("Type=notify"));
        Assert.That(lines, Does.Contain("NotifyAccess=main"));
        Assert.That(lines, Does.Contain("WatchdogSec=30s"));
        Assert.That(lines, Does.Contain("ExecReload=/bin/sh -c 'kill -HUP $MAINPID'"));
        Assert.That(lines, Does.Contain("RestartPreventExitStatus=78"));
    }

    internal static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Directory.Packages.props")))
            {
                return directory.FullName;
            }
        }

        throw new DirectoryNotFoundException("repository root (Directory.Packages.props) not found above " + AppContext.BaseDirectory);
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string file, params string[] arguments)
    {
        var startInfo = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        using var process = System.Diagnostics.Process.Start(startInfo)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(guard.Token);
        return (process.ExitCode, await stdout + await stderr);
    }
}
