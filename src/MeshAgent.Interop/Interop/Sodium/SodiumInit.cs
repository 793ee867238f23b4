using System.Runtime.InteropServices;

namespace MeshAgent.Interop;

internal static partial class Interop
{
    internal static partial class Sodium
    {
        /// <summary>The soname of Debian's libsodium23 and Fedora's libsodium.</summary>
        internal const string Library = "libsodium.so.23";

        /// <summary>sodium_init(3): 0 on first success, 1 when already initialised, -1 on failure.</summary>
        [LibraryImport(Library, EntryPoint = "sodium_init")]
        internal static partial int SodiumInit();
    }
}
