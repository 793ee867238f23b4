using MeshAgent.Dnsmasq.Supervision;
using MeshAgent.Interop;

namespace MeshAgent.Dnsmasq.Tests.Fakes;

/// <summary>Records starts; each "process" exits when told or on TERM/KILL.</summary>
internal sealed class FakeLauncher : IChildProcessLauncher
{
    private readonly Lock sync = new();
    private readonly List<FakeProcess> started = [];
    private int nextPid = 1000;

    /// <summary>When true, new processes ignore SIGTERM (only SIGKILL ends them).</summary>
    public bool IgnoreTerm { get; set; }

    /// <summary>When true, Start throws as if the binary were missing.</summary>
    public bool FailToStart { get; set; }

    public IReadOnlyList<FakeProcess> Started
    {
        get
        {
            lock (sync)
            {
                return started.ToList();
            }
        }
    }

    public FakeProcess Last => Started[^1];

    public IChildProcess Start(string fileName, IReadOnlyList<string> arguments)
    {
        if (FailToStart)
        {
            throw new DnsmasqProcessException("cannot start " + fileName);
        }

        lock (sync)
        {
            var process = new FakeProcess(nextPid++, fileName, arguments, IgnoreTerm);
            started.Add(process);
            return process;
        }
    }
}

/// <summary>A process that only exists in memory.</summary>
internal sealed class FakeProcess(int pid, string fileName, IReadOnlyList<string> arguments, bool ignoreTerm) : IChildProcess
{
    private readonly TaskCompletionSource<int> exited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<UnixSignal> signals = [];

    public int Pid => pid;

    public string FileName => fileName;

    public IReadOnlyList<string> Arguments => arguments;

    public Task<int> Exited => exited.Task;

    public string LastOutputLine { get; set; } = string.Empty;

    public IReadOnlyList<UnixSignal> Signals
    {
        get
        {
            lock (signals)
            {
                return signals.ToList();
            }
        }
    }

    public void Signal(UnixSignal signal)
    {
        lock (signals)
        {
            signals.Add(signal);
        }

        if (signal == UnixSignal.Kill || (signal == UnixSignal.Terminate && !ignoreTerm))
        {
            exited.TrySetResult(128 + (int)signal);
        }
    }

    /// <summary>Ends the process as a crash would.</summary>
    public void Crash(int code = 1, string lastLine = "dnsmasq: bad option at line 1")
    {
        LastOutputLine = lastLine;
        exited.TrySetResult(code);
    }
}
