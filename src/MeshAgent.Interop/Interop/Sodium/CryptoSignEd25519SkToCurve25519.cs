using System.Runtime.InteropServices;

namespace MeshAgent.Interop;

internal static partial class Interop
{
    internal static partial class Sodium
    {
        /// <summary>
        /// crypto_sign_ed25519_sk_to_curve25519: the X25519 private scalar (32 bytes into <paramref name="curveSk"/>)
        /// of the Ed25519 secret key <paramref name="edSk"/> (64 bytes: seed then public key). Always 0.
        /// </summary>
        [LibraryImport(Library, EntryPoint = "crypto_sign_ed25519_sk_to_curve25519")]
        internal static unsafe partial int CryptoSignEd25519SkToCurve25519(byte* curveSk, byte* edSk);
    }
}
