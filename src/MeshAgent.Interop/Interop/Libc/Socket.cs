using System.Runtime.InteropServices;

namespace MeshAgent.Interop;

internal static partial class Interop
{
    internal static partial class Libc
    {
        /// <summary>socket(2). Returns an invalid handle and sets the last P/Invoke error on failure.</summary>
        [LibraryImport("libc", EntryPoint = "socket", SetLastError = true)]
        internal static partial SafeFileDescriptorHandle Socket(int domain, int type, int protocol);
    }
}
