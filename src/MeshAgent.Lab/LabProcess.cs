using System.Diagnostics;
using System.Text;
using MeshAgent.Interop;

namespace MeshAgent.Lab;

/// <summary>
/// A long-running process inside a lab host. Its standard output and error go to <see cref="LogPath"/>
/// and to <see cref="Output"/>. The lab stops it by PID when the lab is disposed.
/// </summary>
public sealed class LabProcess : IAsyncDisposable
{
    /// <summary>How long a process gets between SIGTERM and SIGKILL.</summary>
    public static readonly TimeSpan DefaultStopTimeout = TimeSpan.FromSeconds(5);

    // Keep at most this much output in memory; the log file has all of it.
    private const int MaxBufferedChars = 4 * 1024 * 1024;

    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly StreamWriter _log;
    private readonly TaskCompletionSource _streamsClosed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _openStreams = 2;

    internal LabProcess(Process process, string name, string logPath)
    {
        _process = process;
        Name = name;
        LogPath = logPath;
        _log = new StreamWriter(new FileStream(logPath, FileMode.Create, FileAccess.Write, FileShare.ReadWrite)) { AutoFlush = true };
        _process.OutputDataReceived += (_, e) => OnLine(e.Data);
        _process.ErrorDataReceived += (_, e) => OnLine(e.Data);
        _process.Start();
        Pid = _process.Id;
        StartTime = ProcessLiveness.StartTime(Pid);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    /// <summary>Name used in the log file name.</summary>
    public string Name { get; }

    /// <summary>The process id (in the root PID namespace).</summary>
    public int Pid { get; }

    /// <summary>Start time from /proc, to recognise this process after a PID reuse.</summary>
    internal long? StartTime { get; }

    /// <summary>File that receives standard output and error.</summary>
    public string LogPath { get; }

    /// <summary>Standard output and error so far (interleaved by line).</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>True once the process has exited.</summary>
    public bool HasExited => _process.HasExited || !ProcessLiveness.IsRunning(Pid);

    /// <summary>Exit code; only meaningful after <see cref="WaitForExitAsync"/> completed.</summary>
    public int ExitCode => _process.ExitCode;

    /// <summary>Waits until the process exits and its output is collected; returns its exit code.</summary>
    public async Task<int> WaitForExitAsync(CancellationToken cancellationToken = default)
    {
        await _process.WaitForExitAsync(cancellationToken);
        await _streamsClosed.Task.WaitAsync(cancellationToken);
        return _process.ExitCode;
    }

    /// <summary>Waits until the process exits or <paramref name="timeout"/> passes.</summary>
    /// <returns>True when it exited in time.</returns>
    public async Task<bool> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await WaitForExitAsync(cts.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>Sends a signal; false when the process is already gone.</summary>
    public Task<bool> SignalAsync(LabSignal signal) =>
        Task.FromResult(!HasExited && ProcessSignals.Send(Pid, (UnixSignal)(int)signal));

    /// <summary>SIGTERM, then SIGKILL after <paramref name="timeout"/> (default 5 s); returns the exit code.</summary>
    public async Task<int> StopAsync(TimeSpan? timeout = null)
    {
        if (!HasExited)
        {
            ProcessSignals.Send(Pid, UnixSignal.Terminate);
            if (!await WaitForExitAsync(timeout ?? DefaultStopTimeout))
            {
                ProcessSignals.Send(Pid, UnixSignal.Kill);
            }
        }

        await WaitForExitAsync(CancellationToken.None);
        return _process.ExitCode;
    }

    /// <summary>Waits until <paramref name="text"/> appears in the output.</summary>
    /// <exception cref="TimeoutException">It did not appear in time; the message carries the output tail.</exception>
    public async Task WaitForOutputAsync(string text, TimeSpan timeout)
    {
        try
        {
            await Poll.UntilAsync(() => Output.Contains(text, StringComparison.Ordinal) || HasExited, timeout, $"'{text}' from {Name}");
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"{e.Message}; output so far:\n{Tail(Output)}", e);
        }

        if (!Output.Contains(text, StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"{Name} exited before printing '{text}'; output:\n{Tail(Output)}");
        }
    }

    /// <summary>Stops the process (see <see cref="StopAsync"/>) and releases it.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopAsync();
        }
        finally
        {
            _process.Dispose();
            lock (_output)
            {
                _log.Dispose();
            }
        }
    }

    private static string Tail(string text) => text.Length <= 4000 ? text : text[^4000..];

    private void OnLine(string? line)
    {
        if (line is null)
        {
            if (Interlocked.Decrement(ref _openStreams) == 0)
            {
                _streamsClosed.TrySetResult();
            }

            return;
        }

        lock (_output)
        {
            if (_output.Length < MaxBufferedChars)
            {
                _output.Append(line).Append('\n');
            }

            try
            {
                _log.WriteLine(line);
            }
            catch (ObjectDisposedException)
            {
                // Output that arrives after disposal is dropped: the test is over.
            }
        }
    }
}
