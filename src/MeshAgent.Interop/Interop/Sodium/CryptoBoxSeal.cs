using System.Runtime.InteropServices;

namespace MeshAgent.Interop;

internal static partial class Interop
{
    internal static partial class Sodium
    {
        /// <summary>
        /// crypto_box_seal: encrypts <paramref name="mlen"/> bytes of <paramref name="m"/> for the X25519 public key
        /// <paramref name="pk"/> with a fresh ephemeral key pair into <paramref name="c"/> (mlen + 48 bytes). 0 on success.
        /// </summary>
        [LibraryImport(Library, EntryPoint = "crypto_box_seal")]
        internal static unsafe partial int CryptoBoxSeal(byte* c, byte* m, ulong mlen, byte* pk);
    }
}
