using System.Runtime.InteropServices;

namespace MeshAgent.Interop;

internal static partial class Interop
{
    internal static partial class Libc
    {
        /// <summary>bind(2) with a raw sockaddr of <paramref name="addressLength"/> bytes; -1 on failure.</summary>
        [LibraryImport("libc", EntryPoint = "bind", SetLastError = true)]
        internal static unsafe partial int Bind(SafeFileDescriptorHandle socket, byte* address, uint addressLength);
    }
}
