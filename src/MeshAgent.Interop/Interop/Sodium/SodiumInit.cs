using System.Runtime.InteropServices;

namespace MeshAgent.Interop;

internal static partial class Interop
{
    internal static partial class Sodium
    {
        /// <summary>
        /// sodium_init(3): 0 on first success, 1 when already initialised, -1 on failure. Thread-safe;
        /// must have succeeded before any other libsodium call.
        /// </summary>
        [LibraryImport("libsodium.so.23", EntryPoint = "sodium_init")]
        internal static partial int SodiumInit();
    }
}
