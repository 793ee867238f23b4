using System.Runtime.InteropServices;

namespace MeshAgent.Interop;

internal static partial class Interop
{
    internal static partial class Libc
    {
        /// <summary>getsockname(2); 0 or -1. <paramref name="addressLength"/> is in/out.</summary>
        [LibraryImport("libc", EntryPoint = "getsockname", SetLastError = true)]
        internal static unsafe partial int GetSockName(SafeFileDescriptorHandle socket, byte* address, uint* addressLength);
    }
}
