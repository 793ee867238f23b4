using System.Buffers.Binary;
using System.Text;
using MeshAgent.Interop;

namespace MeshAgent.Core.Records;

/// <summary>What a signed envelope carries; part of the signed bytes, so a signature for one kind never verifies as another.</summary>
public enum EnvelopeKind : byte
{
    /// <summary>A <see cref="NodeRecord"/>.</summary>
    NodeRecord = 1,

    /// <summary>A <see cref="RevocationList"/>.</summary>
    RevocationList = 2,

    /// <summary>A join token (<c>MeshAgent.Core.Authority.JoinToken</c>).</summary>
    JoinToken = 3,

    /// <summary>A Genesis beacon (<c>MeshAgent.Core.Genesis.GenesisBeacon</c>): the hubs and a fresh timestamp.</summary>
    GenesisBeacon = 4,
}

/// <summary>
/// A payload with the authority's Ed25519 signature: magic "MAR1", kind, 16-bit payload length, payload,
/// 64-byte signature. The signature covers a domain-separation string, the kind and the payload.
/// </summary>
public static class SignedEnvelope
{
    /// <summary>Largest payload an envelope carries; records are far smaller.</summary>
    public const int MaxPayload = 8192;

    private static readonly byte[] Magic = "MAR1"u8.ToArray();
    private static readonly byte[] Domain = Encoding.ASCII.GetBytes("meshagent signed envelope v1\0");

    /// <summary>Wraps and signs <paramref name="payload"/> with the authority's seed.</summary>
    public static byte[] Seal(EnvelopeKind kind, ReadOnlySpan<byte> payload, ReadOnlySpan<byte> authoritySeed)
    {
        if (payload.Length > MaxPayload)
        {
            throw new ArgumentException($"Payload is over {MaxPayload} bytes.", nameof(payload));
        }

        var signature = Ed25519.Sign(authoritySeed, SignedBytes(kind, payload));
        var envelope = new byte[Magic.Length + 1 + 2 + payload.Length + Ed25519.SignatureLength];
        Magic.CopyTo(envelope, 0);
        envelope[4] = (byte)kind;
        BinaryPrimitives.WriteUInt16BigEndian(envelope.AsSpan(5), (ushort)payload.Length);
        payload.CopyTo(envelope.AsSpan(7));
        signature.CopyTo(envelope.AsSpan(7 + payload.Length));
        return envelope;
    }

    /// <summary>Splits an envelope without checking the signature.</summary>
    /// <exception cref="RecordFormatException">Not an envelope of <paramref name="expected"/>.</exception>
    public static (byte[] Payload, byte[] Signature) Open(ReadOnlySpan<byte> envelope, EnvelopeKind expected)
    {
        if (envelope.Length < 7 + Ed25519.SignatureLength || !envelope[..4].SequenceEqual(Magic))
        {
            throw new RecordFormatException("Not a signed envelope.");
        }

        if (envelope[4] != (byte)expected)
        {
            throw new RecordFormatException($"Envelope carries kind {envelope[4]}, expected {expected}.");
        }

        var length = BinaryPrimitives.ReadUInt16BigEndian(envelope[5..]);
        if (envelope.Length != 7 + length + Ed25519.SignatureLength)
        {
            throw new RecordFormatException("Envelope length does not match its payload length.");
        }

        return (envelope.Slice(7, length).ToArray(), envelope[(7 + length)..].ToArray());
    }

    /// <summary>True when <paramref name="signature"/> by <paramref name="authorityPublicKey"/> covers kind and payload.</summary>
    public static bool Verify(EnvelopeKind kind, ReadOnlySpan<byte> payload, ReadOnlySpan<byte> signature, ReadOnlySpan<byte> authorityPublicKey) =>
        Ed25519.Verify(authorityPublicKey, SignedBytes(kind, payload), signature);

    private static byte[] SignedBytes(EnvelopeKind kind, ReadOnlySpan<byte> payload)
    {
        var bytes = new byte[Domain.Length + 1 + payload.Length];
        Domain.CopyTo(bytes, 0);
        bytes[Domain.Length] = (byte)kind;
        payload.CopyTo(bytes.AsSpan(Domain.Length + 1));
        return bytes;
    }
}
