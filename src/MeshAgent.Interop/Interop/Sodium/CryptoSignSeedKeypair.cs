using System.Runtime.InteropServices;

namespace MeshAgent.Interop;

internal static partial class Interop
{
    internal static partial class Sodium
    {
        /// <summary>crypto_sign_seed_keypair: Ed25519 key pair (pk 32 bytes, sk 64 bytes) from a 32-byte seed.</summary>
        [LibraryImport(Library, EntryPoint = "crypto_sign_seed_keypair")]
        internal static unsafe partial int CryptoSignSeedKeypair(byte* publicKey, byte* secretKey, byte* seed);
    }
}
