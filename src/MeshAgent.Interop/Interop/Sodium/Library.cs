namespace MeshAgent.Interop;

internal static partial class Interop
{
    internal static partial class Sodium
    {
        /// <summary>
        /// The libsodium NSec.Cryptography loads: the native asset of the <c>libsodium</c> package
        /// (runtimes/linux-x64/native/libsodium.so), resolved through the application's deps.json, not the system's.
        /// </summary>
        internal const string Library = "libsodium";
    }
}
