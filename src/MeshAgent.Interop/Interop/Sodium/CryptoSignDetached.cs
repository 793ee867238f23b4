using System.Runtime.InteropServices;

namespace MeshAgent.Interop;

internal static partial class Interop
{
    internal static partial class Sodium
    {
        /// <summary>crypto_sign_detached: a 64-byte Ed25519 signature of the message with the 64-byte secret key.</summary>
        [LibraryImport(Library, EntryPoint = "crypto_sign_detached")]
        internal static unsafe partial int CryptoSignDetached(byte* signature, ulong* signatureLength, byte* message, ulong messageLength, byte* secretKey);
    }
}
