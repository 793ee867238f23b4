using System.Runtime.InteropServices;

namespace MeshAgent.Interop;

internal static partial class Interop
{
    internal static partial class Sodium
    {
        /// <summary>
        /// crypto_box_seal_open: decrypts <paramref name="clen"/> bytes of <paramref name="c"/> with the recipient's key
        /// pair into <paramref name="m"/> (clen − 48 bytes). 0 on success, −1 when the box does not verify.
        /// </summary>
        [LibraryImport(Library, EntryPoint = "crypto_box_seal_open")]
        internal static unsafe partial int CryptoBoxSealOpen(byte* m, byte* c, ulong clen, byte* pk, byte* sk);
    }
}
