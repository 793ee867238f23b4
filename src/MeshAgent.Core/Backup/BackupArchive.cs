using System.Buffers.Binary;
using System.Text;
using NSec.Cryptography;

namespace MeshAgent.Core.Backup;

/// <summary>
/// A node's identity and state encrypted with a passphrase: Argon2id (libsodium, through NSec) derives the key
/// from the passphrase and a random salt, XChaCha20-Poly1305 seals the entries with a random nonce, and the
/// header (magic, version, cost, salt, nonce) is the associated data, so no byte of the file can change
/// unnoticed. Layout, big-endian: "MABACKUP", version 1, memory KiB (u32), passes (u32), salt (16), nonce (24),
/// ciphertext of: entry count (u16), then per entry name length (u8), UTF-8 name, content length (u32), content.
/// </summary>
public static class BackupArchive
{
    /// <summary>Format version written after the magic; readers refuse others.</summary>
    public const byte Version = 1;

    private static readonly byte[] Magic = "MABACKUP"u8.ToArray();
    private const int SaltSize = 16;
    private const int NonceSize = 24;
    private const int HeaderSize = 8 + 1 + 4 + 4 + SaltSize + NonceSize;

    // Argon2id in libsodium runs one lane; the parameter is part of the key derivation, so it is fixed here.
    private const int Parallelism = 1;

    /// <summary>Encrypts <paramref name="entries"/> with <paramref name="passphrase"/>.</summary>
    /// <exception cref="ArgumentException">Empty passphrase, a name over 255 bytes, or more than 65535 entries.</exception>
    public static byte[] Seal(IReadOnlyList<BackupEntry> entries, string passphrase, BackupCost cost)
    {
        ArgumentNullException.ThrowIfNull(entries);
        ArgumentException.ThrowIfNullOrEmpty(passphrase);
        ArgumentNullException.ThrowIfNull(cost);
        if (entries.Count > ushort.MaxValue)
        {
            throw new ArgumentException($"At most {ushort.MaxValue} entries fit a backup.", nameof(entries));
        }

        var header = new byte[HeaderSize];
        Magic.CopyTo(header, 0);
        header[8] = Version;
        BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(9), (uint)cost.MemoryKiB);
        BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(13), (uint)cost.Passes);
        System.Security.Cryptography.RandomNumberGenerator.Fill(header.AsSpan(17, SaltSize + NonceSize));
        using var key = DeriveKey(passphrase, header.AsSpan(17, SaltSize), cost);
        var sealedPart = AeadAlgorithm.XChaCha20Poly1305.Encrypt(key, header.AsSpan(17 + SaltSize, NonceSize), header, Encode(entries));
        return [.. header, .. sealedPart];
    }

    /// <summary>Decrypts what <see cref="Seal"/> wrote.</summary>
    /// <exception cref="BackupException">Not a backup, damaged, another version, a cost beyond <see cref="BackupCost.Limit"/>, or the wrong passphrase.</exception>
    public static IReadOnlyList<BackupEntry> Open(ReadOnlySpan<byte> file, string passphrase)
    {
        ArgumentException.ThrowIfNullOrEmpty(passphrase);
        if (file.Length < HeaderSize || !file[..8].SequenceEqual(Magic))
        {
            throw new BackupException("this file is not a meshagent backup");
        }

        if (file[8] != Version)
        {
            throw new BackupException($"backup version {file[8]} is not supported (this meshagent reads version {Version})");
        }

        var memory = BinaryPrimitives.ReadUInt32BigEndian(file[9..]);
        var passes = BinaryPrimitives.ReadUInt32BigEndian(file[13..]);
        if (memory == 0 || passes == 0 || memory > BackupCost.Limit.MemoryKiB || passes > BackupCost.Limit.Passes)
        {
            throw new BackupException($"the backup asks for an Argon2id cost of {memory} KiB and {passes} passes, beyond what restore accepts");
        }

        var header = file[..HeaderSize];
        using var key = DeriveKey(passphrase, header.Slice(17, SaltSize), new BackupCost((int)memory, (int)passes));
        var plain = AeadAlgorithm.XChaCha20Poly1305.Decrypt(key, header.Slice(17 + SaltSize, NonceSize), header, file[HeaderSize..])
            ?? throw new BackupException("the passphrase is wrong or the backup is damaged");
        return Decode(plain);
    }

    private static Key DeriveKey(string passphrase, ReadOnlySpan<byte> salt, BackupCost cost)
    {
        var argon = PasswordBasedKeyDerivationAlgorithm.Argon2id(new Argon2Parameters
        {
            DegreeOfParallelism = Parallelism,
            MemorySize = cost.MemoryKiB,
            NumberOfPasses = cost.Passes,
        });
        return argon.DeriveKey(passphrase, salt, AeadAlgorithm.XChaCha20Poly1305);
    }

    private static byte[] Encode(IReadOnlyList<BackupEntry> entries)
    {
        using var stream = new MemoryStream();
        Span<byte> number = stackalloc byte[4];
        BinaryPrimitives.WriteUInt16BigEndian(number, (ushort)entries.Count);
        stream.Write(number[..2]);
        foreach (var entry in entries)
        {
            var name = Encoding.UTF8.GetBytes(entry.Name);
            if (name.Length is 0 or > byte.MaxValue)
            {
                throw new ArgumentException($"Entry names are 1 to {byte.MaxValue} bytes.", nameof(entries));
            }

            stream.WriteByte((byte)name.Length);
            stream.Write(name);
            BinaryPrimitives.WriteUInt32BigEndian(number, (uint)entry.Content.Length);
            stream.Write(number);
            stream.Write(entry.Content);
        }

        return stream.ToArray();
    }

    private static List<BackupEntry> Decode(ReadOnlySpan<byte> plain)
    {
        // Authenticated, so only our own writer produced it; the checks still keep a bug from reading out of range.
        var entries = new List<BackupEntry>();
        var count = BinaryPrimitives.ReadUInt16BigEndian(Take(ref plain, 2));
        for (var i = 0; i < count; i++)
        {
            var nameLength = Take(ref plain, 1)[0];
            var name = Encoding.UTF8.GetString(Take(ref plain, nameLength));
            var length = BinaryPrimitives.ReadUInt32BigEndian(Take(ref plain, 4));
            entries.Add(new BackupEntry(name, Take(ref plain, checked((int)length)).ToArray()));
        }

        if (!plain.IsEmpty)
        {
            throw new BackupException("the backup has bytes after its last entry");
        }

        return entries;
    }

    private static ReadOnlySpan<byte> Take(ref ReadOnlySpan<byte> data, int count)
    {
        if (count > data.Length)
        {
            throw new BackupException("the backup ends inside an entry");
        }

        var slice = data[..count];
        data = data[count..];
        return slice;
    }
}
