using System.Security.Cryptography;

namespace MeshAgent.Interop;

/// <summary>
/// Ed25519 signatures through the system libsodium. Secret keys are handled as 32-byte seeds; the
/// expanded 64-byte form libsodium wants lives only on the stack and is zeroed after use.
/// Thread-safe.
/// </summary>
public static class Ed25519
{
    /// <summary>Seed (secret key) length in bytes.</summary>
    public const int SeedLength = 32;

    /// <summary>Public key length in bytes.</summary>
    public const int PublicKeyLength = 32;

    /// <summary>Signature length in bytes.</summary>
    public const int SignatureLength = 64;

    private const int ExpandedSecretKeyLength = 64;

    private static readonly Lazy<bool> Initialised = new(() => Interop.Sodium.SodiumInit() >= 0);

    /// <summary>A new random seed from the operating system's CSPRNG.</summary>
    public static byte[] GenerateSeed() => RandomNumberGenerator.GetBytes(SeedLength);

    /// <summary>The public key of <paramref name="seed"/>.</summary>
    /// <exception cref="ArgumentException">The seed is not 32 bytes.</exception>
    /// <exception cref="CryptographicException">libsodium failed.</exception>
    public static unsafe byte[] PublicKey(ReadOnlySpan<byte> seed)
    {
        EnsureReady();
        CheckLength(seed, SeedLength, nameof(seed));
        var publicKey = new byte[PublicKeyLength];
        Span<byte> secret = stackalloc byte[ExpandedSecretKeyLength];
        try
        {
            fixed (byte* pk = publicKey)
            fixed (byte* sk = secret)
            fixed (byte* s = seed)
            {
                Check(Interop.Sodium.CryptoSignSeedKeypair(pk, sk, s), "crypto_sign_seed_keypair");
            }
        }
        finally
        {
            CryptographicOperations.ZeroMemory(secret);
        }

        return publicKey;
    }

    /// <summary>Signs <paramref name="message"/> with the key of <paramref name="seed"/>.</summary>
    /// <exception cref="CryptographicException">libsodium failed.</exception>
    public static unsafe byte[] Sign(ReadOnlySpan<byte> seed, ReadOnlySpan<byte> message)
    {
        EnsureReady();
        CheckLength(seed, SeedLength, nameof(seed));
        var signature = new byte[SignatureLength];
        Span<byte> publicKey = stackalloc byte[PublicKeyLength];
        Span<byte> secret = stackalloc byte[ExpandedSecretKeyLength];
        try
        {
            fixed (byte* pk = publicKey)
            fixed (byte* sk = secret)
            fixed (byte* s = seed)
            fixed (byte* sig = signature)
            fixed (byte* m = message)
            {
                Check(Interop.Sodium.CryptoSignSeedKeypair(pk, sk, s), "crypto_sign_seed_keypair");
                ulong length;
                Check(Interop.Sodium.CryptoSignDetached(sig, &length, m, (ulong)message.Length, sk), "crypto_sign_detached");
            }
        }
        finally
        {
            CryptographicOperations.ZeroMemory(secret);
        }

        return signature;
    }

    /// <summary>True when <paramref name="signature"/> is a valid signature of <paramref name="message"/> by <paramref name="publicKey"/>.</summary>
    public static unsafe bool Verify(ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature)
    {
        EnsureReady();
        if (publicKey.Length != PublicKeyLength || signature.Length != SignatureLength)
        {
            return false;
        }

        fixed (byte* pk = publicKey)
        fixed (byte* sig = signature)
        fixed (byte* m = message)
        {
            return Interop.Sodium.CryptoSignVerifyDetached(sig, m, (ulong)message.Length, pk) == 0;
        }
    }

    private static void EnsureReady()
    {
        if (!Initialised.Value)
        {
            throw new CryptographicException("libsodium could not be initialised (sodium_init failed)");
        }
    }

    private static void CheckLength(ReadOnlySpan<byte> value, int length, string name)
    {
        if (value.Length != length)
        {
            throw new ArgumentException($"Expected {length} bytes, got {value.Length}.", name);
        }
    }

    private static void Check(int result, string function)
    {
        if (result != 0)
        {
            throw new CryptographicException($"{function} failed ({result})");
        }
    }
}
