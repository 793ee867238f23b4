using System.Diagnostics;
using System.Text.RegularExpressions;

namespace MeshAgent.WireGuard.KernelTests;

/// <summary>
/// Host side of the kernel tests: boots ONE VM with Debian's 6.1 kernel (tests/KernelRig/kernel-rig.sh)
/// and runs this same test executable inside it, filtered to the KernelGuest category. Fails with the
/// guest's failure text when any guest test fails. Skipped with the reason when the machine cannot run
/// the rig (not root, no qemu, kernel package unavailable) — except under CI=true, where that fails.
/// </summary>
[Category("Lab")]
public sealed partial class KernelRigHostTests
{
    private const int RigPrerequisiteMissing = 126;

    [Test]
    [CancelAfter(600_000)]
    public async Task GuestTests_InsideKernelRig_AllPass(CancellationToken cancellationToken)
    {
        if (Guest.IsInside)
        {
            Assert.Ignore("Already inside the kernel rig.");
        }

        var script = FindScript();
        if (Environment.UserName != "root")
        {
            Skip("the kernel rig needs root");
        }

        if (script is null)
        {
            Skip("tests/KernelRig/kernel-rig.sh not found above the test directory");
        }

        var executable = Path.Combine(TestContext.CurrentContext.TestDirectory, "MeshAgent.WireGuard.KernelTests");
        var start = new ProcessStartInfo("/bin/sh")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = TestContext.CurrentContext.TestDirectory,
        };
        foreach (var argument in new[] { script!, "--timeout", "480", "--", executable, "--filter", "TestCategory=KernelGuest", "--no-ansi", "--no-progress", "--output", "detailed" })
        {
            start.ArgumentList.Add(argument);
        }

        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        try
        {
            await process.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        var stdout = await output;
        var stderr = await error;
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

    private static string? FindScript()
    {
        for (var directory = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "tests", "KernelRig", "kernel-rig.sh");
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
