using System.Buffers.Binary;

namespace MeshAgent.Core.Records;

/// <summary>
/// Several signed envelopes (records, a revocation list) in one gossip payload: magic "MAB1", a 16-bit
/// count, then each envelope with a 16-bit length. The magic tells our payloads apart from Serf's user
/// events, which share memberlist's user-message channel. Decoding never trusts a length it has not checked.
/// </summary>
public static class RecordBundle
{
    /// <summary>Most envelopes in one bundle; a mesh of more nodes sends several bundles.</summary>
    public const int MaxEnvelopes = 4096;

    private static readonly byte[] Magic = "MAB1"u8.ToArray();

    /// <summary>True when <paramref name="payload"/> starts like a bundle (it may still be malformed).</summary>
    public static bool IsBundle(ReadOnlySpan<byte> payload) => payload.StartsWith(Magic);

    /// <summary>Encodes <paramref name="envelopes"/>.</summary>
    public static byte[] Encode(IReadOnlyCollection<byte[]> envelopes)
    {
        ArgumentNullException.ThrowIfNull(envelopes);
        if (envelopes.Count > MaxEnvelopes)
        {
            throw new ArgumentException($"A bundle holds at most {MaxEnvelopes} envelopes.", nameof(envelopes));
        }

        var bytes = new byte[Magic.Length + 2 + envelopes.Sum(e => 2 + e.Length)];
        Magic.CopyTo(bytes, 0);
        BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(4), (ushort)envelopes.Count);
        var offset = 6;
        foreach (var envelope in envelopes)
        {
            if (envelope.Length > ushort.MaxValue)
            {
                throw new ArgumentException("An envelope is over 65535 bytes.", nameof(envelopes));
            }

            BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(offset), (ushort)envelope.Length);
            envelope.CopyTo(bytes, offset + 2);
            offset += 2 + envelope.Length;
        }

        return bytes;
    }

    /// <summary>Splits a bundle into its envelopes (unverified).</summary>
    /// <exception cref="RecordFormatException">Not a bundle, or its lengths do not add up.</exception>
    public static List<byte[]> Decode(ReadOnlySpan<byte> payload)
    {
        if (payload.Length < 6 || !IsBundle(payload))
        {
            throw new RecordFormatException("Not a record bundle.");
        }

        int count = BinaryPrimitives.ReadUInt16BigEndian(payload[4..]);
        if (count > MaxEnvelopes)
        {
            throw new RecordFormatException($"A bundle of {count} envelopes is over the limit of {MaxEnvelopes}.");
        }

        var envelopes = new List<byte[]>(count);
        var rest = payload[6..];
        for (var i = 0; i < count; i++)
        {
            if (rest.Length < 2)
            {
                throw new RecordFormatException("Bundle ends inside an envelope length.");
            }

            int length = BinaryPrimitives.ReadUInt16BigEndian(rest);
            if (rest.Length < 2 + length)
            {
                throw new RecordFormatException("Bundle ends inside an envelope.");
            }

            envelopes.Add(rest.Slice(2, length).ToArray());
            rest = rest[(2 + length)..];
        }

        if (!rest.IsEmpty)
        {
            throw new RecordFormatException("Bytes after the last envelope of a bundle.");
        }

        return envelopes;
    }
}
