using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace MeshAgent.WireGuard.Userspace;

/// <summary>
/// One wireguard-go child serving one device, started in the foreground (<c>-f IFACE</c>) so that we
/// own its lifetime. Its output goes to the log and the last lines are kept for error messages.
/// </summary>
internal sealed class WireGuardGoProcess : IDisposable
{
    private const int KeptOutputLines = 20;

    private readonly Process _process;
    private readonly ILogger _logger;
    private readonly Queue<string> _lastLines = new();
    private readonly TaskCompletionSource<int> _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private WireGuardGoProcess(string device, Process process, ILogger logger)
    {
        Device = device;
        _process = process;
        _logger = logger;
    }

    /// <summary>The device this child serves.</summary>
    public string Device { get; }

    /// <summary>The child's process id.</summary>
    public int Pid => _process.Id;

    /// <summary>Completes with the exit code when the child has exited.</summary>
    public Task<int> Exited => _exited.Task;

    /// <summary>The last lines the child printed, for error messages.</summary>
    public string LastOutput
    {
        get
        {
            lock (_lastLines)
            {
                return string.Join('\n', _lastLines);
            }
        }
    }

    /// <summary>Starts <paramref name="path"/> <c>-f</c> <paramref name="device"/>.</summary>
    /// <exception cref="WireGuardException">The binary could not be started.</exception>
    public static WireGuardGoProcess Start(string path, string device, ILogger logger)
    {
        var startInfo = new ProcessStartInfo(path)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = false,
        };
        startInfo.ArgumentList.Add("-f");
        startInfo.ArgumentList.Add(device);
        startInfo.Environment["WG_PROCESS_FOREGROUND"] = "1";
        var process = new Process { StartInfo = startInfo, EnableRaisingEvents = true };
        var child = new WireGuardGoProcess(device, process, logger);
        process.OutputDataReceived += (_, e) => child.OnOutput(e.Data);
        process.ErrorDataReceived += (_, e) => child.OnOutput(e.Data);
        process.Exited += (_, _) => child.OnExited();
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception exception)
        {
            process.Dispose();
            throw new WireGuardException($"Cannot start {path} for {device}: {exception.Message}", exception.NativeErrorCode, exception);
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        UserspaceLog.ChildStarted(logger, device, process.Id);
        return child;
    }

    /// <summary>Kills the child (SIGKILL) if it is still running.</summary>
    public void Kill()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill();
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone: nothing to kill.
        }
    }

    /// <inheritdoc />
    public void Dispose() => _process.Dispose();

    private void OnOutput(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_lastLines)
        {
            _lastLines.Enqueue(line);
            while (_lastLines.Count > KeptOutputLines)
            {
                _lastLines.Dequeue();
            }
        }

        UserspaceLog.ChildOutput(_logger, Device, line);
    }

    private void OnExited()
    {
        int code;
        try
        {
            code = _process.ExitCode;
        }
        catch (InvalidOperationException)
        {
            code = -1;
        }

        UserspaceLog.ChildExited(_logger, Device, _process.Id, code);
        _exited.TrySetResult(code);
    }
}
