using System.Net;
using System.Net.Sockets;
using System.Numerics;

namespace MeshAgent.Core.Authority;

/// <summary>
/// Hands out mesh addresses without collisions: the lowest address of the prefix that is neither the
/// network address, nor (IPv4) the broadcast address, nor taken. Unlike wesher's hash of the host name,
/// two nodes can never get the same address. Pure: the caller passes what is taken.
/// </summary>
public static class MeshAddressAllocator
{
    /// <summary>The lowest free host address in <paramref name="prefix"/>.</summary>
    /// <exception cref="InvalidOperationException">The prefix is full.</exception>
    public static IPAddress Allocate(IPNetwork prefix, IReadOnlyCollection<IPAddress> taken)
    {
        ArgumentNullException.ThrowIfNull(taken);
        var isV4 = prefix.BaseAddress.AddressFamily == AddressFamily.InterNetwork;
        var width = isV4 ? 32 : 128;
        var hostBits = width - prefix.PrefixLength;
        var size = BigInteger.One << hostBits;
        var first = BigInteger.One;
        // IPv4 reserves the all-ones broadcast address; a /31 or /32 has no room for a mesh.
        var last = isV4 ? size - 2 : size - 1;
        var takenOffsets = taken
            .Where(a => a.AddressFamily == prefix.BaseAddress.AddressFamily && prefix.Contains(a))
            .Select(a => ToInteger(a) - ToInteger(prefix.BaseAddress))
            .ToHashSet();

        // Linear in the number of taken addresses: the first free offset is at most |taken| + 1 away.
        for (var offset = first; offset <= last; offset++)
        {
            if (!takenOffsets.Contains(offset))
            {
                return FromInteger(ToInteger(prefix.BaseAddress) + offset, isV4);
            }
        }

        throw new InvalidOperationException($"No free address is left in {prefix}.");
    }

    private static BigInteger ToInteger(IPAddress address) =>
        new(address.GetAddressBytes(), isUnsigned: true, isBigEndian: true);

    private static IPAddress FromInteger(BigInteger value, bool isV4)
    {
        var bytes = new byte[isV4 ? 4 : 16];
        value.TryWriteBytes(bytes, out var written, isUnsigned: true, isBigEndian: true);
        // TryWriteBytes writes the minimal big-endian form at the start: right-align it.
        var aligned = new byte[bytes.Length];
        Array.Copy(bytes, 0, aligned, bytes.Length - written, written);
        return new IPAddress(aligned);
    }
}
