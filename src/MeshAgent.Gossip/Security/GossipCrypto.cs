using System.Security.Cryptography;

namespace MeshAgent.Gossip.Security;

/// <summary>
/// memberlist's encrypted payload: version byte, 12-byte random nonce, AES-GCM ciphertext with a 16-byte tag.
/// Version 0 pads the plaintext with PKCS#7 to the AES block size (memberlist protocol 1); version 1 does not
/// (protocol ≥ 2, what Serf 0.9.4 sends). Thread-safe.
/// </summary>
public static class GossipCrypto
{
    /// <summary>Bytes added by version 1: version, nonce, tag.</summary>
    public const int Overhead = 1 + NonceSize + TagSize;

    private const int NonceSize = 12;
    private const int TagSize = 16;
    private const int BlockSize = 16;

    /// <summary>Encrypts <paramref name="plaintext"/> with <paramref name="key"/>, authenticating <paramref name="associatedData"/>.</summary>
    public static byte[] Encrypt(byte version, ReadOnlySpan<byte> key, ReadOnlySpan<byte> plaintext, ReadOnlySpan<byte> associatedData)
    {
        if (version > 1) throw new ArgumentOutOfRangeException(nameof(version), "Encryption versions 0 and 1 exist.");
        byte[] source;
        if (version == 0)
        {
            int pad = BlockSize - plaintext.Length % BlockSize;
            source = new byte[plaintext.Length + pad];
            plaintext.CopyTo(source);
            source.AsSpan(plaintext.Length).Fill((byte)pad);
        }
        else
        {
            source = plaintext.ToArray();
        }
        var output = new byte[1 + NonceSize + source.Length + TagSize];
        output[0] = version;
        var nonce = output.AsSpan(1, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(key, TagSize);
        aes.Encrypt(nonce, source, output.AsSpan(1 + NonceSize, source.Length), output.AsSpan(1 + NonceSize + source.Length), associatedData);
        return output;
    }

    /// <summary>
    /// Decrypts with the first key of <paramref name="keys"/> that authenticates the data. Throws
    /// <see cref="GossipDecryptException"/> when the data is too short, has an unknown version or no key fits.
    /// </summary>
    public static byte[] Decrypt(IReadOnlyList<byte[]> keys, ReadOnlySpan<byte> data, ReadOnlySpan<byte> associatedData)
    {
        if (data.Length < Overhead) throw new GossipDecryptException($"Encrypted payload of {data.Length} bytes is too short.");
        byte version = data[0];
        if (version > 1) throw new GossipDecryptException($"Unsupported encryption version {version}.");
        var nonce = data.Slice(1, NonceSize);
        var cipher = data[(1 + NonceSize)..^TagSize];
        var tag = data[^TagSize..];
        var plain = new byte[cipher.Length];
        foreach (var key in keys)
        {
            using var aes = new AesGcm(key, TagSize);
            try
            {
                aes.Decrypt(nonce, cipher, tag, plain, associatedData);
            }
            catch (AuthenticationTagMismatchException)
            {
                continue;
            }
            if (version == 0)
            {
                if (plain.Length == 0) throw new GossipDecryptException("Padded payload is empty.");
                int pad = plain[^1];
                if (pad is 0 or > BlockSize || pad > plain.Length) throw new GossipDecryptException("Invalid PKCS#7 padding.");
                return plain[..^pad];
            }
            return plain;
        }
        throw new GossipDecryptException("No installed key decrypts the payload.");
    }
}

/// <summary>Encrypted gossip data could not be decrypted (no key fits, wrong version, too short).</summary>
public sealed class GossipDecryptException : GossipDecodeException
{
    /// <summary>Creates the exception.</summary>
    public GossipDecryptException(string message) : base(message) { }

    /// <summary>Creates an empty exception.</summary>
    public GossipDecryptException() { }

    /// <summary>Creates the exception wrapping its cause.</summary>
    public GossipDecryptException(string message, Exception innerException) : base(message, innerException) { }
}
