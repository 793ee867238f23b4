using System.Diagnostics;

namespace MeshAgent.WireGuard.KernelTests;

/// <summary>
/// What the guest-side tests need: a check that we run inside the kernel rig (which sets
/// MESHAGENT_KERNEL_RIG=guest), and a process runner for ip(8) and wg(8).
/// </summary>
internal static class Guest
{
    public static bool IsInside => Environment.GetEnvironmentVariable("MESHAGENT_KERNEL_RIG") == "guest";

    /// <summary>Ignores the test on the host: it runs inside the VM through <see cref="KernelRigHostTests"/>.</summary>
    public static void Require()
    {
        if (!IsInside)
        {
            Assert.Ignore("Runs inside the kernel rig VM (tests/KernelRig/kernel-rig.sh); KernelRigHostTests starts it.");
        }
    }

    /// <summary>Runs a command; throws with its output on a non-zero exit.</summary>
    public static async Task<string> RunAsync(string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} exited {process.ExitCode}: {await error}{await output}");
        }

        return await output;
    }
}
