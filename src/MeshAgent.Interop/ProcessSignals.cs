using System.Runtime.InteropServices;

namespace MeshAgent.Interop;

/// <summary>Sends signals to processes by PID; the thin platform layer over kill(2).</summary>
public static class ProcessSignals
{
    private const int ESRCH = 3;

    /// <summary>
    /// Sends <paramref name="signal"/> to <paramref name="pid"/>. Returns false when the process no longer
    /// exists (ESRCH); any other failure (EPERM, EINVAL) throws.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">pid is not positive: kill(2) would address a group.</exception>
    /// <exception cref="IOException">kill(2) failed for another reason than ESRCH.</exception>
    public static bool Send(int pid, UnixSignal signal)
    {
        // pid 0 and negative pids address process groups; never let a bug turn into a group kill.
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(pid);
        if (Interop.Libc.Kill(pid, (int)signal) == 0)
        {
            return true;
        }

        var errno = Marshal.GetLastPInvokeError();
        if (errno == ESRCH)
        {
            return false;
        }

        throw new IOException($"kill({pid}, {signal}) failed: {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno})");
    }
}
