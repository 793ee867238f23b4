using System.Runtime.InteropServices;

namespace MeshAgent.Interop;

internal static partial class Interop
{
    internal static partial class Sodium
    {
        /// <summary>
        /// crypto_sign_ed25519_pk_to_curve25519: maps the Ed25519 public key <paramref name="edPk"/> (32 bytes) to the
        /// X25519 public key of the same secret (32 bytes into <paramref name="curvePk"/>). 0 on success, −1 when the
        /// input is not a valid point or has a small order.
        /// </summary>
        [LibraryImport(Library, EntryPoint = "crypto_sign_ed25519_pk_to_curve25519")]
        internal static unsafe partial int CryptoSignEd25519PkToCurve25519(byte* curvePk, byte* edPk);
    }
}
