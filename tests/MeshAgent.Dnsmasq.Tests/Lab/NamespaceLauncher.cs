using MeshAgent.Dnsmasq.Supervision;
using MeshAgent.Interop;
using MeshAgent.Lab;

namespace MeshAgent.Dnsmasq.Tests.Lab;

/// <summary>
/// The production <see cref="ChildProcessLauncher"/>, but each process runs inside a lab host through
/// <c>ip netns exec</c> (which execs the program, so the pid is dnsmasq's). Remembers every pid so the
/// test can make sure none outlives it.
/// </summary>
internal sealed class NamespaceLauncher(LabHost host, ChildProcessLauncher inner) : IChildProcessLauncher
{
    private readonly List<IChildProcess> started = [];

    public IReadOnlyList<IChildProcess> Started
    {
        get
        {
            lock (started)
            {
                return started.ToList();
            }
        }
    }

    public IChildProcess Start(string fileName, IReadOnlyList<string> arguments)
    {
        var process = inner.Start("ip", ["netns", "exec", host.Namespace, fileName, .. arguments]);
        lock (started)
        {
            started.Add(process);
        }

        return process;
    }

    /// <summary>SIGKILLs whatever is still running (after a failed test) and waits for it.</summary>
    public async Task KillLeftoversAsync()
    {
        foreach (var process in Started.Where(p => !p.Exited.IsCompleted))
        {
            ProcessSignals.Send(process.Pid, UnixSignal.Kill);
            await process.Exited.WaitAsync(TimeSpan.FromSeconds(10));
        }
    }
}
