using System.Diagnostics;
using System.Text;
using MeshAgent.Interop;
using MeshAgent.Lab;

namespace MeshAgent.Daemon.Tests.TestSupport;

/// <summary>The real <c>meshagent</c> (or <c>meshctl</c>) binary run as a child process, its output captured.</summary>
internal sealed class DaemonProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();
    private readonly Lock _gate = new();

    private DaemonProcess(Process process)
    {
        _process = process;
    }

    /// <summary>The daemon's apphost, copied next to the tests by the project reference (or the one <see cref="ProgramsUnderTest"/> names).</summary>
    public static string DaemonPath => Binary("meshagent");

    /// <summary>meshctl's apphost.</summary>
    public static string MeshctlPath => Binary("meshctl");

    public int Pid => _process.Id;

    public string StandardOutput
    {
        get
        {
            lock (_gate)
            {
                return _stdout.ToString();
            }
        }
    }

    public string StandardError
    {
        get
        {
            lock (_gate)
            {
                return _stderr.ToString();
            }
        }
    }

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>Starts <paramref name="file"/> with <paramref name="arguments"/>; environment additions (a null value removes a variable).</summary>
    public static DaemonProcess Start(string file, IEnumerable<string> arguments, IReadOnlyDictionary<string, string?>? environment = null)
    {
        var startInfo = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        // The test runner may itself run under systemd; the child must see only what the test sets.
        startInfo.Environment.Remove("NOTIFY_SOCKET");
        startInfo.Environment.Remove("WATCHDOG_USEC");
        startInfo.Environment.Remove("WATCHDOG_PID");
        startInfo.Environment.Remove("JOURNAL_STREAM");
        foreach (var (key, value) in environment ?? new Dictionary<string, string?>())
        {
            if (value is null)
            {
                startInfo.Environment.Remove(key);
            }
            else
            {
                startInfo.Environment[key] = value;
            }
        }

        var process = new Process { StartInfo = startInfo };
        var daemon = new DaemonProcess(process);
        process.OutputDataReceived += (_, e) => daemon.Append(daemon._stdout, e.Data);
        process.ErrorDataReceived += (_, e) => daemon.Append(daemon._stderr, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return daemon;
    }

    /// <summary>Runs <paramref name="file"/> to completion (guarded by a generous timeout against hangs).</summary>
    public static async Task<(int ExitCode, string StandardOutput, string StandardError)> RunAsync(string file, params string[] arguments)
    {
        await using var process = Start(file, arguments);
        if (!await process.WaitForExitAsync(TimeSpan.FromSeconds(60)))
        {
            Assert.Fail($"{file} {string.Join(' ', arguments)} did not exit; stderr: {process.StandardError}");
        }

        return (process.ExitCode, process.StandardOutput, process.StandardError);
    }

    public void Signal(UnixSignal signal) => Assert.That(ProcessSignals.Send(Pid, signal), Is.True, $"kill({Pid}, {signal})");

    public async Task<bool> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            ProcessSignals.Send(Pid, UnixSignal.Terminate);
            if (!await WaitForExitAsync(TimeSpan.FromSeconds(10)))
            {
                ProcessSignals.Send(Pid, UnixSignal.Kill);
                await WaitForExitAsync(TimeSpan.FromSeconds(10));
            }
        }

        _process.Dispose();
    }

    private static string Binary(string name) => ProgramsUnderTest.PathOf(name);

    private void Append(StringBuilder target, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_gate)
        {
            target.Append(line).Append('\n');
        }
    }
}
