using System.ComponentModel;
using System.Runtime.InteropServices;
using MeshAgent.Interop;

namespace MeshAgent.Dnsmasq.Supervision;

/// <summary>The one place that calls kill(2).</summary>
internal static class ProcessSignals
{
    private const int NoSuchProcess = 3; // ESRCH

    /// <summary>Sends <paramref name="signal"/> to <paramref name="pid"/>; false when the process no longer exists.</summary>
    /// <exception cref="DnsmasqProcessException">kill(2) failed for another reason (e.g. EPERM).</exception>
    public static bool Send(int pid, ProcessSignal signal)
    {
        if (pid <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(pid), pid, "a process id is positive; 0 or less would signal a group");
        }

        if (Interop.Interop.Libc.Kill(pid, (int)signal) == 0)
        {
            return true;
        }

        var errno = Marshal.GetLastPInvokeError();
        return errno == NoSuchProcess
            ? false
            : throw new DnsmasqProcessException($"kill({pid}, {signal}) failed", new Win32Exception(errno));
    }
}
