using System.Diagnostics;
using System.Text.RegularExpressions;

namespace MeshAgent.WireGuard.Tests.Kernel;

/// <summary>
/// Host side of the kernel-backend tests: boots ONE VM with Debian's 6.1 kernel
/// (tests/KernelRig/kernel-rig.sh) and runs the prebuilt test executable of
/// tests/MeshAgent.WireGuard.KernelTests inside it, filtered to the KernelGuest category. Fails with the
/// guest's failure text when any guest test fails. Skipped with the reason when the machine cannot run
/// the rig (not root, no qemu, kernel package unavailable) — except under CI=true, where that fails.
/// </summary>
[Category("Lab")]
public sealed partial class KernelRigTests
{
    private const string GuestProject = "MeshAgent.WireGuard.KernelTests";

    private const int RigPrerequisiteMissing = 126;

    // Only a hang guard: the VM part needs about 2 minutes of CPU (qemu user time) and TCG slows down in
    // proportion to the host's load. Kept below tests/run.sh's 10-minute --blame-hang-timeout so a hang
    // ends with the rig's diagnostics rather than a killed test host.
    private const string RigTimeoutSeconds = "540";

    [Test]
    [CancelAfter(580_000)]
    public async Task GuestTests_InsideKernelRig_AllPass(CancellationToken cancellationToken)
    {
        var script = Find(Path.Combine("tests", "KernelRig", "kernel-rig.sh"));
        if (Environment.UserName != "root")
        {
            Skip("the kernel rig needs root");
        }

        if (script is null)
        {
            Skip("tests/KernelRig/kernel-rig.sh not found above the test directory");
        }

        // Same configuration and target framework as this assembly: .../bin/<Configuration>/<tfm>/.
        var output = new DirectoryInfo(TestContext.CurrentContext.TestDirectory);
        var executable = Find(Path.Combine("tests", GuestProject, "bin", output.Parent!.Name, output.Name, GuestProject));
        if (executable is null)
        {
            Skip($"the guest test executable is not built (dotnet build tests/{GuestProject})");
        }

        var start = new ProcessStartInfo("/bin/sh")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(executable)!,
        };
        foreach (var argument in new[] { script!, "--timeout", RigTimeoutSeconds, "--", executable!, "--filter", "TestCategory=KernelGuest", "--no-ansi", "--no-progress", "--output", "detailed" })
        {
            start.ArgumentList.Add(argument);
        }

        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        var stdoutTask = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderrTask = process.StandardError.ReadToEndAsync(cancellationToken);
        try
        {
            await process.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        var stdout = await stdoutTask;
        var stderr = await stderrTask;
        TestContext.Out.WriteLine($"kernel rig finished in {clock.Elapsed.TotalSeconds:F0} s with exit code {process.ExitCode}");
        TestContext.Out.WriteLine(stdout);
        if (process.ExitCode == RigPrerequisiteMissing)
        {
            Skip(stderr.Trim());
        }

        var succeeded = Count(stdout, SucceededPattern());
        var failed = Count(stdout, FailedPattern());
        Assert.That(process.ExitCode, Is.Zero, $"guest tests failed (exit {process.ExitCode}, {failed} failed):\n{stdout}\n{stderr}");
        Assert.That(failed, Is.Zero, stdout);
        Assert.That(succeeded, Is.GreaterThan(0), $"no guest test ran:\n{stdout}\n{stderr}");
    }

    private static void Skip(string reason)
    {
        if (Environment.GetEnvironmentVariable("CI") == "true")
        {
            Assert.Fail($"Kernel rig unavailable under CI: {reason}");
        }

        Assert.Ignore($"Kernel rig unavailable: {reason}");
    }

    private static string? Find(string relativePath)
    {
        for (var directory = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, relativePath);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    private static int Count(string text, Regex pattern)
    {
        var match = pattern.Match(text);
        return match.Success ? int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : -1;
    }

    [GeneratedRegex(@"^\s*succeeded:\s*(\d+)", RegexOptions.Multiline)]
    private static partial Regex SucceededPattern();

    [GeneratedRegex(@"^\s*failed:\s*(\d+)", RegexOptions.Multiline)]
    private static partial Regex FailedPattern();
}
