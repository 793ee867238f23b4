using System.Security.Cryptography;
using System.Text;

namespace MeshAgent.NetworkManager.Vrb;

/// <summary>
/// Stable profile UUIDs: a name-based UUID version 5 (RFC 9562 §5.5: SHA-1 over the namespace UUID's 16
/// bytes in network order followed by the UTF-8 name, first 16 bytes, version 5, RFC variant) of the
/// profile id ("meshagent-br0", "meshagent-br0-port-eth1") in the fixed namespace <see cref="Namespace"/>.
/// The same bridge or port therefore always gets the same UUID, on every host and across restarts, and
/// a profile is ours only if its UUID is the one its id derives to. Python's uuid.uuid5 gives the same values.
/// </summary>
public static class ProfileUuid
{
    /// <summary>meshagent's namespace (random, fixed forever: changing it would orphan every profile).</summary>
    public static readonly Guid Namespace = new("5c0e3f6a-8a51-4f5e-9d1c-2b7e6a4d9f10");

    /// <summary>The UUID for profile id <paramref name="profileId"/>, lower-case "xxxxxxxx-xxxx-5xxx-..".</summary>
    public static string For(string profileId)
    {
        ArgumentException.ThrowIfNullOrEmpty(profileId);
        var name = Encoding.UTF8.GetBytes(profileId);
        var input = new byte[16 + name.Length];
        Namespace.TryWriteBytes(input, bigEndian: true, out _);
        name.CopyTo(input, 16);
        Span<byte> hash = stackalloc byte[SHA1.HashSizeInBytes];
        // SHA-1 is what RFC 9562 prescribes for version 5; it names things here, it guards nothing.
#pragma warning disable CA5350
        SHA1.HashData(input, hash);
#pragma warning restore CA5350
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash[..16], bigEndian: true).ToString("D");
    }
}
