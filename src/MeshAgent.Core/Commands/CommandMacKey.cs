using System.Security.Cryptography;

namespace MeshAgent.Core.Commands;

/// <summary>
/// The 32-byte HMAC-SHA256 key one node shares with the authority, and the truncated tag of command packets.
/// <para>
/// Forgery bound: HMAC-SHA256 is a PRF, so a tag truncated to t = 64 bits is guessed with probability 2^-64 per
/// attempt, and q attempts succeed with probability at most q · 2^-64 (plus the PRF advantage, negligible). There
/// is no cheaper search: each attempt is one packet that must reach the node through WireGuard from an
/// authenticated peer, and a failed attempt teaches nothing about the key. At 10^6 forged packets per second,
/// sustained, the chance of one success in a year is about 1.7 · 10^-6; the expected time to the first is about
/// 290,000 years. Bad MACs are counted (meshagent_commands_dropped_total{reason="bad_mac"}), so such a flood is
/// visible long before.
/// </para>
/// Holds key material: never logged; thread-safe (stateless HMAC calls).
/// </summary>
public sealed class CommandMacKey
{
    /// <summary>Key length in bytes.</summary>
    public const int KeyLength = 32;

    private readonly byte[] _key;

    /// <summary>Wraps <paramref name="key"/> (32 bytes, copied).</summary>
    /// <exception cref="ArgumentException">Not 32 bytes.</exception>
    public CommandMacKey(ReadOnlySpan<byte> key)
    {
        if (key.Length != KeyLength)
        {
            throw new ArgumentException($"Command MAC keys are {KeyLength} bytes.", nameof(key));
        }

        _key = key.ToArray();
    }

    /// <summary>Writes the truncated tag of <paramref name="header"/> (8 bytes) to <paramref name="tag"/> (8 bytes).</summary>
    public void ComputeTag(ReadOnlySpan<byte> header, Span<byte> tag)
    {
        Span<byte> full = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(_key, header, full);
        full[..CommandPacket.TagLength].CopyTo(tag);
    }

    /// <summary>True when the last 8 bytes of <paramref name="packet"/> are the tag of its first 8; constant time.</summary>
    public bool Verifies(ReadOnlySpan<byte> packet)
    {
        if (packet.Length != CommandPacket.Length)
        {
            return false;
        }

        Span<byte> expected = stackalloc byte[CommandPacket.TagLength];
        ComputeTag(packet[..CommandPacket.HeaderLength], expected);
        return CryptographicOperations.FixedTimeEquals(expected, packet[CommandPacket.HeaderLength..]);
    }

    /// <summary>Never the key.</summary>
    public override string ToString() => "command MAC key";
}
