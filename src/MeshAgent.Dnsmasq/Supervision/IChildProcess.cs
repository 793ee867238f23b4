using MeshAgent.Interop;

namespace MeshAgent.Dnsmasq.Supervision;

/// <summary>A started child process.</summary>
public interface IChildProcess
{
    /// <summary>Its process id.</summary>
    int Pid { get; }

    /// <summary>Completes with the exit code (128 + signal number for a signal) when the process has ended and was reaped.</summary>
    Task<int> Exited { get; }

    /// <summary>The last line the process wrote to stdout or stderr, for problem reports; empty if none.</summary>
    string LastOutputLine { get; }

    /// <summary>Sends <paramref name="signal"/>; does nothing once the process has ended. Thread-safe.</summary>
    void Signal(UnixSignal signal);
}
