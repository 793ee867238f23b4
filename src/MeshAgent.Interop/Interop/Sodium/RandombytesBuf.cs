using System.Runtime.InteropServices;

namespace MeshAgent.Interop;

internal static partial class Interop
{
    internal static partial class Sodium
    {
        /// <summary>randombytes_buf: fills <paramref name="size"/> bytes at <paramref name="buffer"/> from the OS CSPRNG.</summary>
        [LibraryImport(Library, EntryPoint = "randombytes_buf")]
        internal static unsafe partial void RandombytesBuf(byte* buffer, nuint size);
    }
}
