using System.Runtime.InteropServices;

namespace MeshAgent.Interop;

internal static partial class Interop
{
    internal static partial class Libc
    {
        /// <summary>
        /// recvfrom(2); returns the bytes received or -1. With MSG_TRUNC on a datagram socket the return
        /// value is the datagram's real length even when the buffer was smaller.
        /// </summary>
        [LibraryImport("libc", EntryPoint = "recvfrom", SetLastError = true)]
        internal static unsafe partial nint RecvFrom(
            SafeFileDescriptorHandle socket, byte* buffer, nuint length, int flags, byte* address, uint* addressLength);
    }
}
