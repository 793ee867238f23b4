using System.Runtime.InteropServices;

namespace MeshAgent.Interop;

internal static partial class Interop
{
    internal static partial class Libc
    {
        /// <summary>close(2); 0 or -1. Only <see cref="SafeFileDescriptorHandle"/> calls it.</summary>
        [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
        internal static partial int Close(int fd);
    }
}
