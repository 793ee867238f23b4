using System.Runtime.InteropServices;

namespace MeshAgent.Interop;

internal static partial class Interop
{
    internal static partial class Sodium
    {
        /// <summary>
        /// crypto_scalarmult_curve25519_base: writes the 32-byte X25519 public key of the 32-byte scalar
        /// <paramref name="n"/> to <paramref name="q"/> (the scalar is clamped inside). Returns 0 on success.
        /// </summary>
        [LibraryImport(Library, EntryPoint = "crypto_scalarmult_curve25519_base")]
        internal static unsafe partial int CryptoScalarmultCurve25519Base(byte* q, byte* n);
    }
}
