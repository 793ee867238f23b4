using System.Runtime.InteropServices;

namespace MeshAgent.Interop;

internal static partial class Interop
{
    internal static partial class Sodium
    {
        /// <summary>crypto_sign_verify_detached: 0 when the signature is valid for the message and public key, -1 otherwise.</summary>
        [LibraryImport(Library, EntryPoint = "crypto_sign_verify_detached")]
        internal static unsafe partial int CryptoSignVerifyDetached(byte* signature, byte* message, ulong messageLength, byte* publicKey);
    }
}
