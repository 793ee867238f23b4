using System.Security.Cryptography;
using NSec.Cryptography;

namespace MeshAgent.Interop;

/// <summary>
/// Ed25519 signatures through NSec.Cryptography. Secret keys are handled as 32-byte seeds (NSec's raw private key
/// format); the key object that holds the expanded form is disposed after each use. Thread-safe.
/// </summary>
public static class Ed25519
{
    /// <summary>Seed (secret key) length in bytes.</summary>
    public const int SeedLength = 32;

    /// <summary>Public key length in bytes.</summary>
    public const int PublicKeyLength = 32;

    /// <summary>Signature length in bytes.</summary>
    public const int SignatureLength = 64;

    private static readonly SignatureAlgorithm Algorithm = SignatureAlgorithm.Ed25519;

    /// <summary>A new random seed from the operating system's CSPRNG.</summary>
    public static byte[] GenerateSeed() => RandomNumberGenerator.GetBytes(SeedLength);

    /// <summary>The public key of <paramref name="seed"/>.</summary>
    /// <exception cref="ArgumentException">The seed is not 32 bytes.</exception>
    public static byte[] PublicKey(ReadOnlySpan<byte> seed)
    {
        using var key = ImportSeed(seed);
        return key.PublicKey.Export(KeyBlobFormat.RawPublicKey);
    }

    /// <summary>Signs <paramref name="message"/> with the key of <paramref name="seed"/>.</summary>
    /// <exception cref="ArgumentException">The seed is not 32 bytes.</exception>
    public static byte[] Sign(ReadOnlySpan<byte> seed, ReadOnlySpan<byte> message)
    {
        using var key = ImportSeed(seed);
        return Algorithm.Sign(key, message);
    }

    /// <summary>True when <paramref name="signature"/> is a valid signature of <paramref name="message"/> by <paramref name="publicKey"/>.</summary>
    public static bool Verify(ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature)
    {
        if (publicKey.Length != PublicKeyLength || signature.Length != SignatureLength)
        {
            return false;
        }

        return NSec.Cryptography.PublicKey.TryImport(Algorithm, publicKey, KeyBlobFormat.RawPublicKey, out var key)
            && key is not null
            && Algorithm.Verify(key, message, signature);
    }

    private static Key ImportSeed(ReadOnlySpan<byte> seed)
    {
        if (seed.Length != SeedLength)
        {
            throw new ArgumentException($"Expected {SeedLength} bytes, got {seed.Length}.", nameof(seed));
        }

        return Key.Import(Algorithm, seed, KeyBlobFormat.RawPrivateKey);
    }
}
