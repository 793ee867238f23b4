using System.Runtime.InteropServices;

namespace MeshAgent.Interop;

internal static partial class Interop
{
    internal static partial class Libc
    {
        /// <summary>O_RDONLY for <see cref="Open"/>.</summary>
        internal const int O_RDONLY = 0;

        /// <summary>O_DIRECTORY: fail unless the path is a directory.</summary>
        internal const int O_DIRECTORY = 0x10000;

        /// <summary>O_CLOEXEC: not inherited by child processes (dnsmasq, wireguard-go).</summary>
        internal const int O_CLOEXEC = 0x80000;

        /// <summary>open(2) without a mode; a descriptor or -1 with errno.</summary>
        [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
        internal static partial SafeFileDescriptorHandle Open(string path, int flags);
    }
}
