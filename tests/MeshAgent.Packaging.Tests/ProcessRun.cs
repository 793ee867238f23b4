using System.Diagnostics;

namespace MeshAgent.Packaging.Tests;

/// <summary>What a finished child process left: its exit code and both output streams.</summary>
internal sealed record ProcessResult(int ExitCode, string Output, string Error)
{
    public string Both => Output + Error;
}

/// <summary>
/// Runs the packaging tools (dpkg-deb, rpm, lintian, qemu, the built binaries) as child processes. A child that
/// outlives its timeout is killed by PID with its process tree: the timeout guards against hangs only.
/// </summary>
internal static class ProcessRun
{
    public static async Task<ProcessResult> RunAsync(
        string file,
        IEnumerable<string> arguments,
        TimeSpan timeout,
        string? input = null,
        string? workingDirectory = null)
    {
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"cannot start {file}");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (input is not null)
        {
            await process.StandardInput.WriteAsync(input);
        }

        process.StandardInput.Close();
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            throw new TimeoutException($"{file} {string.Join(' ', arguments)} did not finish within {timeout}: {await output}{await error}");
        }

        return new ProcessResult(process.ExitCode, await output, await error);
    }

    /// <summary>Runs a command that must succeed; returns its standard output.</summary>
    public static async Task<string> CheckedAsync(string file, params string[] arguments)
    {
        var result = await RunAsync(file, arguments, TimeSpan.FromMinutes(5));
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} exited {result.ExitCode}:\n{result.Both}");
        }

        return result.Output;
    }

    /// <summary>Ignores the calling test, naming the Debian package, when a tool is not installed.</summary>
    public static void RequireTool(string path, string debianPackage)
    {
        if (!File.Exists(path))
        {
            Assert.Ignore($"{path} is not installed (apt: {debianPackage}; tests/install-prerequisites.sh installs it)");
        }
    }
}
