using System.Diagnostics;
using System.Globalization;
using MeshAgent.Lab;

namespace MeshAgent.Benchmarks;

/// <summary>
/// Re-invokes this program as a worker where the devices may live: inside a lab host (its own network
/// namespace and private /run/wireguard, so wireguard-go and wg(8) touch nothing of the machine), or inside
/// the kernel rig's VM (Debian's 6.1 kernel with wireguard.ko; tests/KernelRig/kernel-rig.sh).
/// </summary>
internal static class Launcher
{
    /// <summary>Runs the userspace worker in a fresh lab host; returns its exit code.</summary>
    public static async Task<int> InLabHostAsync(BenchmarkOptions options, TextWriter output)
    {
        await using var lab = await LabNetwork.CreateAsync("bench");
        var host = await lab.AddHostAsync("u");
        var (file, prefix) = Self();
        var worker = host.Start(file, [.. prefix, "worker-userspace", .. options.ToArguments()],
            new LabProcessOptions { WireGuardRunDirectory = true, Name = "benchmark" });
        var exitCode = await worker.WaitForExitAsync();
        output.Write(worker.Output);
        return exitCode;
    }

    /// <summary>Runs the kernel worker inside the kernel rig VM; its output streams through; returns its exit code.</summary>
    public static async Task<int> InKernelRigAsync(BenchmarkOptions options, TextWriter output)
    {
        var script = FindAbove(Path.Combine("tests", "KernelRig", "kernel-rig.sh"));
        if (script is null)
        {
            output.WriteLine("kernel: tests/KernelRig/kernel-rig.sh not found above " + AppContext.BaseDirectory);
            return 126;
        }

        var (file, prefix) = Self();
        var start = new ProcessStartInfo("/bin/sh") { UseShellExecute = false, WorkingDirectory = AppContext.BaseDirectory };
        foreach (var argument in new[] { script, "--timeout", options.RigTimeoutSeconds.ToString(CultureInfo.InvariantCulture), "--", file }
                     .Concat(prefix).Append("worker-kernel").Concat(options.ToArguments()))
        {
            start.ArgumentList.Add(argument);
        }

        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new InvalidOperationException("cannot start the kernel rig");
        await process.WaitForExitAsync();
        output.WriteLine($"kernel rig exited {process.ExitCode} after {clock.Elapsed.TotalSeconds:F0} s (TCG guest: absolute times are slow, compare ratios)");
        return process.ExitCode;
    }

    // The command that runs this program again: the apphost, or dotnet with the assembly.
    private static (string File, string[] Prefix) Self()
    {
        var path = Environment.ProcessPath ?? throw new InvalidOperationException("no process path");
        return Path.GetFileNameWithoutExtension(path) == "dotnet"
            ? (path, [typeof(Launcher).Assembly.Location])
            : (path, []);
    }

    private static string? FindAbove(string relativePath)
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, relativePath);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}
