using System.Security.Cryptography;

namespace MeshAgent.Interop;

/// <summary>
/// libsodium's birational map from an Ed25519 key pair to the X25519 key pair of the same secret. It lets the
/// mesh authority, whose Ed25519 public key every node already holds in its config, also take part in X25519
/// key agreement without publishing a second key. Thread-safe.
/// </summary>
public static class Ed25519ToX25519
{
    /// <summary>The X25519 public key of the Ed25519 public key <paramref name="ed25519PublicKey"/>.</summary>
    /// <exception cref="ArgumentException">Not 32 bytes, or not a valid Ed25519 point (libsodium refuses it).</exception>
    public static unsafe byte[] PublicKey(ReadOnlySpan<byte> ed25519PublicKey)
    {
        if (ed25519PublicKey.Length != Ed25519.PublicKeyLength)
        {
            throw new ArgumentException($"Ed25519 public keys are {Ed25519.PublicKeyLength} bytes.", nameof(ed25519PublicKey));
        }

        SodiumCurve25519.EnsureInitialized();
        var curve = new byte[SodiumCurve25519.KeyLength];
        fixed (byte* c = curve)
        fixed (byte* e = ed25519PublicKey)
        {
            if (Interop.Sodium.CryptoSignEd25519PkToCurve25519(c, e) != 0)
            {
                throw new ArgumentException("Not a valid Ed25519 public key.", nameof(ed25519PublicKey));
            }
        }

        return curve;
    }

    /// <summary>
    /// The X25519 private key of the Ed25519 key with <paramref name="seed"/>. The caller owns the returned bytes
    /// and should clear them after use.
    /// </summary>
    /// <exception cref="ArgumentException">The seed is not 32 bytes.</exception>
    public static unsafe byte[] PrivateKey(ReadOnlySpan<byte> seed)
    {
        if (seed.Length != Ed25519.SeedLength)
        {
            throw new ArgumentException($"Ed25519 seeds are {Ed25519.SeedLength} bytes.", nameof(seed));
        }

        SodiumCurve25519.EnsureInitialized();
        Span<byte> secretKey = stackalloc byte[Ed25519.SeedLength + Ed25519.PublicKeyLength];
        var curve = new byte[SodiumCurve25519.KeyLength];
        try
        {
            seed.CopyTo(secretKey);
            Ed25519.PublicKey(seed).CopyTo(secretKey[Ed25519.SeedLength..]);
            fixed (byte* c = curve)
            fixed (byte* s = secretKey)
            {
                _ = Interop.Sodium.CryptoSignEd25519SkToCurve25519(c, s);
            }
        }
        finally
        {
            CryptographicOperations.ZeroMemory(secretKey);
        }

        return curve;
    }
}
