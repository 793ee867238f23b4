using System.Runtime.InteropServices;

namespace MeshAgent.Interop;

internal static partial class Interop
{
    internal static partial class Libc
    {
        /// <summary>sendto(2); returns the bytes sent or -1. A null address sends to the bound peer.</summary>
        [LibraryImport("libc", EntryPoint = "sendto", SetLastError = true)]
        internal static unsafe partial nint SendTo(
            SafeFileDescriptorHandle socket, byte* buffer, nuint length, int flags, byte* address, uint addressLength);
    }
}
