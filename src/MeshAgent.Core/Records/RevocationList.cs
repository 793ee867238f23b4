namespace MeshAgent.Core.Records;

/// <summary>
/// The authority's list of revoked WireGuard public keys. Gossiped like records; a higher serial
/// replaces a lower one. A revoked node's peer disappears everywhere on the next reconcile.
/// </summary>
/// <param name="Serial">Increases with every re-issue.</param>
/// <param name="IssuedAt">When the authority issued it.</param>
/// <param name="RevokedKeys">Base64 WireGuard public keys, sorted ordinally.</param>
public sealed record RevocationList(ulong Serial, DateTimeOffset IssuedAt, IReadOnlyList<string> RevokedKeys)
{
    /// <summary>Encoding version written first.</summary>
    public const byte Version = 1;

    /// <summary>The list with nothing revoked, serial 0.</summary>
    public static RevocationList Empty { get; } = new(0, DateTimeOffset.UnixEpoch, []);

    /// <summary>True when <paramref name="wireGuardPublicKey"/> is revoked.</summary>
    public bool IsRevoked(string wireGuardPublicKey) => RevokedKeys.Contains(wireGuardPublicKey, StringComparer.Ordinal);

    /// <summary>Equality by value, the key list included.</summary>
    public bool Equals(RevocationList? other) =>
        other is not null && Serial == other.Serial && IssuedAt == other.IssuedAt && RevokedKeys.SequenceEqual(other.RevokedKeys);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Serial, IssuedAt, RevokedKeys.Count);

    /// <summary>Canonical bytes: version, serial, issued, count, 32-byte keys.</summary>
    public byte[] Encode()
    {
        var writer = new RecordWriter();
        writer.WriteByte(Version);
        writer.WriteUInt64(Serial);
        writer.WriteInt64(IssuedAt.ToUnixTimeSeconds());
        var keys = RevokedKeys.Order(StringComparer.Ordinal).ToList();
        if (keys.Count > ushort.MaxValue)
        {
            throw new InvalidOperationException($"A revocation list holds at most {ushort.MaxValue} keys.");
        }

        writer.WriteUInt16((ushort)keys.Count);
        foreach (var key in keys)
        {
            writer.WriteBytes(NodeRecordCodec.DecodeKey(key));
        }

        return writer.WrittenSpan.ToArray();
    }

    /// <summary>Decodes <see cref="Encode"/>'s output.</summary>
    /// <exception cref="RecordFormatException">Malformed.</exception>
    public static RevocationList Decode(ReadOnlySpan<byte> bytes)
    {
        var reader = new RecordReader(bytes);
        if (reader.ReadByte() != Version)
        {
            throw new RecordFormatException("Unsupported revocation list version.");
        }

        var serial = reader.ReadUInt64();
        var seconds = reader.ReadInt64();
        if (seconds < 0 || seconds > DateTimeOffset.MaxValue.ToUnixTimeSeconds())
        {
            throw new RecordFormatException($"Time {seconds} is out of range.");
        }

        var count = reader.ReadUInt16();
        if (count * 32 != reader.Remaining)
        {
            throw new RecordFormatException("Revocation list length does not match its key count.");
        }

        var keys = new List<string>(count);
        for (var i = 0; i < count; i++)
        {
            keys.Add(Convert.ToBase64String(reader.ReadBytes(32)));
        }

        return new RevocationList(serial, DateTimeOffset.FromUnixTimeSeconds(seconds), keys);
    }
}
