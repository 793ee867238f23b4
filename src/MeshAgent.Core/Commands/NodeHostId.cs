using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace MeshAgent.Core.Commands;

/// <summary>
/// The compact node ids of command packets, taken from the node's mesh IPv4 address rather than a hash: the
/// authority allocates mesh addresses without collisions, lowest first, so the low 16 bits of the address (the
/// host id) are unique for the first 65,534 nodes of any mesh prefix. A hash of 16 bits would collide at a few
/// hundred nodes (birthday bound). The 8-bit tag in the target selector is the low byte of the host id; tags do
/// collide, harmlessly, because the MAC is under the target node's own key.
/// </summary>
public static class NodeHostId
{
    /// <summary>The host id of <paramref name="meshIPv4"/>: its low 16 bits. Never 0 for an allocated address (offset 0 is the network).</summary>
    /// <exception cref="ArgumentException">Not an IPv4 address.</exception>
    public static ushort Of(IPAddress meshIPv4)
    {
        ArgumentNullException.ThrowIfNull(meshIPv4);
        if (meshIPv4.AddressFamily != AddressFamily.InterNetwork)
        {
            throw new ArgumentException("Host ids come from the mesh IPv4 address.", nameof(meshIPv4));
        }

        Span<byte> bytes = stackalloc byte[4];
        meshIPv4.TryWriteBytes(bytes, out _);
        return BinaryPrimitives.ReadUInt16BigEndian(bytes[2..]);
    }

    /// <summary>The 8-bit tag of <paramref name="hostId"/> used in the target selector.</summary>
    public static byte Tag(ushort hostId) => (byte)hostId;
}
