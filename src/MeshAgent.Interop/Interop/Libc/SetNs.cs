using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace MeshAgent.Interop;

internal static partial class Interop
{
    internal static partial class Libc
    {
        /// <summary>CLONE_NEWNET for <see cref="SetNs"/>: join a network namespace.</summary>
        internal const int CLONE_NEWNET = 0x40000000;

        /// <summary>
        /// setns(2): moves the CALLING THREAD into the namespace <paramref name="namespaceFile"/> refers to
        /// (e.g. /run/netns/NAME); 0 or -1. Sockets opened afterwards belong to that namespace for life.
        /// </summary>
        [LibraryImport("libc", EntryPoint = "setns", SetLastError = true)]
        internal static partial int SetNs(SafeFileHandle namespaceFile, int namespaceType);
    }
}
