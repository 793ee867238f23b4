using NSec.Cryptography;

namespace MeshAgent.Interop;

/// <summary>
/// X25519 key agreement followed by HKDF-SHA256 (RFC 5869), both through NSec: the shared secret never leaves
/// NSec's key object, only the derived bytes do. Thread-safe.
/// </summary>
public static class X25519Hkdf
{
    /// <summary>
    /// Derives <paramref name="length"/> bytes from X25519(<paramref name="privateKey"/>, <paramref name="peerPublicKey"/>)
    /// with <paramref name="salt"/> and <paramref name="info"/>.
    /// </summary>
    /// <exception cref="ArgumentException">A key is not 32 bytes.</exception>
    /// <exception cref="CryptographicException">The peer's key is a low-order point (the shared secret would be all zeros).</exception>
    public static byte[] Derive(ReadOnlySpan<byte> privateKey, ReadOnlySpan<byte> peerPublicKey, ReadOnlySpan<byte> salt, ReadOnlySpan<byte> info, int length)
    {
        if (privateKey.Length != SodiumCurve25519.KeyLength || peerPublicKey.Length != SodiumCurve25519.KeyLength)
        {
            throw new ArgumentException($"X25519 keys are {SodiumCurve25519.KeyLength} bytes.");
        }

        var algorithm = KeyAgreementAlgorithm.X25519;
        using var key = Key.Import(algorithm, privateKey, KeyBlobFormat.RawPrivateKey);
        var peer = NSec.Cryptography.PublicKey.Import(algorithm, peerPublicKey, KeyBlobFormat.RawPublicKey);
        using var shared = algorithm.Agree(key, peer)
            ?? throw new System.Security.Cryptography.CryptographicException("X25519 with a low-order public key.");
        return KeyDerivationAlgorithm.HkdfSha256.DeriveBytes(shared, salt, info, length);
    }
}
