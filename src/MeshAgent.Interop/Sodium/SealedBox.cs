namespace MeshAgent.Interop;

/// <summary>
/// libsodium's sealed boxes (X25519 + XSalsa20-Poly1305, anonymous sender): a secret only the holder of an X25519
/// private key can read. Used for join tokens, which travel to a hub over the underlay before any tunnel exists,
/// sealed to the hub's WireGuard public key. Thread-safe.
/// </summary>
public static class SealedBox
{
    /// <summary>Bytes a sealed box adds to its message (ephemeral public key and MAC).</summary>
    public const int Overhead = 48;

    /// <summary>Seals <paramref name="message"/> for <paramref name="recipientPublicKey"/> (32 bytes).</summary>
    public static unsafe byte[] Seal(ReadOnlySpan<byte> message, ReadOnlySpan<byte> recipientPublicKey)
    {
        if (recipientPublicKey.Length != SodiumCurve25519.KeyLength)
        {
            throw new ArgumentException("X25519 public keys are 32 bytes.", nameof(recipientPublicKey));
        }

        SodiumCurve25519.EnsureInitialized();
        var sealedBytes = new byte[message.Length + Overhead];
        fixed (byte* c = sealedBytes)
        fixed (byte* m = message)
        fixed (byte* pk = recipientPublicKey)
        {
            if (Interop.Sodium.CryptoBoxSeal(c, m, (ulong)message.Length, pk) != 0)
            {
                throw new InvalidOperationException("crypto_box_seal failed.");
            }
        }

        return sealedBytes;
    }

    /// <summary>Opens a box sealed for this key pair; null when it was not sealed for it or was altered.</summary>
    public static unsafe byte[]? Open(ReadOnlySpan<byte> sealedBytes, ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> privateKey)
    {
        if (publicKey.Length != SodiumCurve25519.KeyLength || privateKey.Length != SodiumCurve25519.KeyLength)
        {
            throw new ArgumentException("X25519 keys are 32 bytes.");
        }

        if (sealedBytes.Length < Overhead)
        {
            return null;
        }

        SodiumCurve25519.EnsureInitialized();
        var message = new byte[sealedBytes.Length - Overhead];
        fixed (byte* m = message)
        fixed (byte* c = sealedBytes)
        fixed (byte* pk = publicKey)
        fixed (byte* sk = privateKey)
        {
            return Interop.Sodium.CryptoBoxSealOpen(m, c, (ulong)sealedBytes.Length, pk, sk) == 0 ? message : null;
        }
    }
}
