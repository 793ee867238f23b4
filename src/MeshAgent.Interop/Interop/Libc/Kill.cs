using System.Runtime.InteropServices;

namespace MeshAgent.Interop;

internal static partial class Interop
{
    internal static partial class Libc
    {
        /// <summary>SIGHUP: dnsmasq re-reads its hosts files and clears its cache.</summary>
        internal const int SIGHUP = 1;

        /// <summary>SIGKILL: cannot be caught.</summary>
        internal const int SIGKILL = 9;

        /// <summary>SIGTERM: orderly shutdown.</summary>
        internal const int SIGTERM = 15;

        /// <summary>kill(2): sends <paramref name="signal"/> to process <paramref name="pid"/>; 0 or -1 (errno ESRCH: no such process).</summary>
        [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
        internal static partial int Kill(int pid, int signal);
    }
}
