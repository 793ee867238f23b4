using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using MeshAgent.Interop;

namespace MeshAgent.Core.Commands;

/// <summary>
/// Proof that a key-rotation request comes from the holder of the current WireGuard key: HMAC-SHA256 over the name,
/// both keys and the time, keyed by X25519 between the node's WireGuard key and the authority's key (the
/// authority's Ed25519 key in its X25519 form), through HKDF — the construction of <see cref="CommandKeys"/>, with
/// its own salt, so a rotation proof and a command tag can never stand in for each other. Only the node and the
/// authority can compute it; the full 256-bit tag is kept (there is no size limit here).
/// </summary>
public static class KeyRotationProof
{
    /// <summary>Length of the proof in bytes.</summary>
    public const int Length = 32;

    /// <summary>How far the request's time may be from the authority's clock.</summary>
    public static readonly TimeSpan Skew = TimeSpan.FromMinutes(5);

    private static readonly byte[] Salt = Encoding.ASCII.GetBytes("meshagent key rotation v1");

    /// <summary>The proof the node makes with its current private key.</summary>
    public static byte[] Make(ReadOnlySpan<byte> nodePrivateKey, ReadOnlySpan<byte> nodePublicKey, ReadOnlySpan<byte> authorityPublicKey, string name, ReadOnlySpan<byte> newPublicKey, long unixSeconds)
    {
        var key = X25519Hkdf.Derive(nodePrivateKey, Ed25519ToX25519.PublicKey(authorityPublicKey), Salt, Info(authorityPublicKey, nodePublicKey), 32);
        try
        {
            return HMACSHA256.HashData(key, Message(name, nodePublicKey, newPublicKey, unixSeconds));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    /// <summary>True when <paramref name="proof"/> is the node's proof, checked on the authority's side with its seed.</summary>
    public static bool Verifies(ReadOnlySpan<byte> authoritySeed, ReadOnlySpan<byte> nodePublicKey, string name, ReadOnlySpan<byte> newPublicKey, long unixSeconds, ReadOnlySpan<byte> proof)
    {
        if (proof.Length != Length)
        {
            return false;
        }

        var authorityX25519 = Ed25519ToX25519.PrivateKey(authoritySeed);
        byte[] key;
        try
        {
            key = X25519Hkdf.Derive(authorityX25519, nodePublicKey, Salt, Info(Ed25519.PublicKey(authoritySeed), nodePublicKey), 32);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(authorityX25519);
        }

        try
        {
            return CryptographicOperations.FixedTimeEquals(HMACSHA256.HashData(key, Message(name, nodePublicKey, newPublicKey, unixSeconds)), proof);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    private static byte[] Info(ReadOnlySpan<byte> authorityPublicKey, ReadOnlySpan<byte> nodePublicKey) => [.. authorityPublicKey, .. nodePublicKey];

    // Fixed-length fields around the one variable field (the name, last), so no two requests share a message.
    private static byte[] Message(string name, ReadOnlySpan<byte> currentKey, ReadOnlySpan<byte> newKey, long unixSeconds)
    {
        var time = new byte[8];
        BinaryPrimitives.WriteInt64BigEndian(time, unixSeconds);
        return [.. currentKey, .. newKey, .. time, .. Encoding.UTF8.GetBytes(name)];
    }
}
