using System.Security.Cryptography;
using NSec.Cryptography;

namespace MeshAgent.Interop;

/// <summary>X25519 through NSec.Cryptography and random bytes from the operating system's CSPRNG. Thread-safe.</summary>
public static class SodiumCurve25519
{
    /// <summary>Length of X25519 scalars and points in bytes.</summary>
    public const int KeyLength = 32;

    /// <summary>
    /// Writes the public key of <paramref name="privateKey"/> (clamped inside, as wg(8) does) to
    /// <paramref name="publicKey"/>. Both spans are exactly 32 bytes.
    /// </summary>
    /// <exception cref="ArgumentException">A span is not 32 bytes.</exception>
    public static void ScalarMultBase(ReadOnlySpan<byte> privateKey, Span<byte> publicKey)
    {
        if (privateKey.Length != KeyLength || publicKey.Length != KeyLength)
        {
            throw new ArgumentException($"X25519 keys are {KeyLength} bytes.");
        }

        using var key = Key.Import(KeyAgreementAlgorithm.X25519, privateKey, KeyBlobFormat.RawPrivateKey);
        key.PublicKey.Export(KeyBlobFormat.RawPublicKey).CopyTo(publicKey);
    }

    /// <summary>Fills <paramref name="buffer"/> with bytes from the operating system's CSPRNG.</summary>
    public static void RandomBytes(Span<byte> buffer) => RandomNumberGenerator.Fill(buffer);

    // NSec runs sodium_init when an algorithm is first constructed; the sealed box calls the same library after it.
    internal static void EnsureInitialized() => _ = KeyAgreementAlgorithm.X25519;
}
