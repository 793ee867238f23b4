using System.Runtime.InteropServices;

namespace MeshAgent.Interop;

internal static partial class Interop
{
    internal static partial class Libc
    {
        /// <summary>setsockopt(2); 0 or -1.</summary>
        [LibraryImport("libc", EntryPoint = "setsockopt", SetLastError = true)]
        internal static unsafe partial int SetSockOpt(
            SafeFileDescriptorHandle socket, int level, int optionName, void* optionValue, uint optionLength);
    }
}
