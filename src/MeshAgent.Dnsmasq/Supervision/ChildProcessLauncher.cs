using System.ComponentModel;
using System.Diagnostics;
using MeshAgent.Interop;
using Microsoft.Extensions.Logging;

namespace MeshAgent.Dnsmasq.Supervision;

/// <summary>
/// Starts real child processes with <see cref="Process"/>: no shell, stdin closed, each line of stdout and
/// stderr forwarded to the logger (dnsmasq runs with <c>log-facility=-</c>, so this is its log).
/// </summary>
public sealed partial class ChildProcessLauncher : IChildProcessLauncher
{
    private readonly ILogger logger;

    /// <summary>Creates the launcher; child output goes to <paramref name="logger"/>.</summary>
    public ChildProcessLauncher(ILogger<ChildProcessLauncher> logger)
    {
        this.logger = logger;
    }

    /// <inheritdoc />
    public IChildProcess Start(string fileName, IReadOnlyList<string> arguments)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        var startInfo = new ProcessStartInfo(fileName)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        var process = new Process { StartInfo = startInfo, EnableRaisingEvents = true };
        var child = new ChildProcess(process, logger);
        try
        {
            process.Start();
        }
        catch (Win32Exception e)
        {
            process.Dispose();
            throw new DnsmasqProcessException($"cannot start {fileName}", e);
        }

        child.Attach();
        return child;
    }

    private sealed class ChildProcess : IChildProcess
    {
        private readonly Process process;
        private readonly ILogger logger;
        private readonly TaskCompletionSource<int> exited = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private volatile string lastOutputLine = string.Empty;
        private int pid;

        public ChildProcess(Process process, ILogger logger)
        {
            this.process = process;
            this.logger = logger;
        }

        public int Pid => pid;

        public Task<int> Exited => exited.Task;

        public string LastOutputLine => lastOutputLine;

        public void Attach()
        {
            pid = process.Id;
            process.StandardInput.Close();
            process.OutputDataReceived += OnOutput;
            process.ErrorDataReceived += OnOutput;
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            _ = WaitAsync();
        }

        public void Signal(UnixSignal signal)
        {
            if (exited.Task.IsCompleted)
            {
                return;
            }

            try
            {
                ProcessSignals.Send(pid, signal);
            }
            catch (IOException e)
            {
                throw new DnsmasqProcessException($"cannot send {signal} to pid {pid}", e);
            }
        }

        private async Task WaitAsync()
        {
            // WaitForExitAsync also waits for the output pipes to close, so the last line is in.
            await process.WaitForExitAsync();
            var code = process.ExitCode;
            process.Dispose();
            exited.TrySetResult(code);
        }

        private void OnOutput(object sender, DataReceivedEventArgs e)
        {
            if (e.Data is { Length: > 0 } line)
            {
                lastOutputLine = line;
                Log.ChildOutput(logger, pid, line);
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 5101, Level = LogLevel.Information, Message = "[{Pid}] {Line}")]
        public static partial void ChildOutput(ILogger logger, int pid, string line);
    }
}
