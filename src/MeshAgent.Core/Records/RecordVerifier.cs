namespace MeshAgent.Core.Records;

/// <summary>Why a record was or was not accepted.</summary>
public enum RecordStatus
{
    /// <summary>Signature good, not expired, not revoked.</summary>
    Valid,

    /// <summary>The bytes are not a record envelope.</summary>
    Malformed,

    /// <summary>The signature does not verify with the mesh authority's key.</summary>
    BadSignature,

    /// <summary>Past its expiry (or issued in the future beyond the allowed clock skew).</summary>
    Expired,

    /// <summary>Its WireGuard key is on the revocation list.</summary>
    Revoked,
}

/// <summary>The outcome of verifying one envelope.</summary>
/// <param name="Status">Accepted or why not.</param>
/// <param name="Record">The decoded record when the envelope could be decoded, even if rejected (for logs).</param>
public sealed record RecordVerification(RecordStatus Status, NodeRecord? Record)
{
    /// <summary>True when the record may be used.</summary>
    public bool IsValid => Status == RecordStatus.Valid;
}

/// <summary>
/// Verifies node records against the mesh authority's public key, the clock and the newest revocation
/// list seen. Every record is verified before any use. Thread-safe.
/// </summary>
public sealed class RecordVerifier
{
    /// <summary>Clock skew tolerated for a record's issue time.</summary>
    public static readonly TimeSpan AllowedSkew = TimeSpan.FromMinutes(5);

    private readonly byte[] _authorityPublicKey;
    private readonly TimeProvider _time;
    private RevocationList _revocations = RevocationList.Empty;

    /// <summary>Creates a verifier for the authority's 32-byte Ed25519 public key.</summary>
    public RecordVerifier(ReadOnlySpan<byte> authorityPublicKey, TimeProvider time)
    {
        if (authorityPublicKey.Length != 32)
        {
            throw new ArgumentException("The authority public key is 32 bytes.", nameof(authorityPublicKey));
        }

        _authorityPublicKey = authorityPublicKey.ToArray();
        _time = time;
    }

    /// <summary>The newest revocation list accepted so far.</summary>
    public RevocationList Revocations => Volatile.Read(ref _revocations);

    /// <summary>Verifies a record envelope.</summary>
    public RecordVerification Verify(ReadOnlySpan<byte> envelope)
    {
        NodeRecord record;
        byte[] payload;
        byte[] signature;
        try
        {
            (payload, signature) = SignedEnvelope.Open(envelope, EnvelopeKind.NodeRecord);
            record = NodeRecordCodec.Decode(payload);
        }
        catch (RecordFormatException)
        {
            return new RecordVerification(RecordStatus.Malformed, null);
        }

        if (!SignedEnvelope.Verify(EnvelopeKind.NodeRecord, payload, signature, _authorityPublicKey))
        {
            return new RecordVerification(RecordStatus.BadSignature, record);
        }

        var now = _time.GetUtcNow();
        if (now >= record.ExpiresAt || record.IssuedAt > now + AllowedSkew)
        {
            return new RecordVerification(RecordStatus.Expired, record);
        }

        return Revocations.IsRevoked(record.WireGuardPublicKey)
            ? new RecordVerification(RecordStatus.Revoked, record)
            : new RecordVerification(RecordStatus.Valid, record);
    }

    /// <summary>
    /// Accepts a signed revocation list if its signature verifies and its serial is newer than the
    /// current one. Returns the status; <see cref="RecordStatus.Valid"/> means it is now in force.
    /// </summary>
    public RecordStatus AcceptRevocations(ReadOnlySpan<byte> envelope)
    {
        RevocationList list;
        try
        {
            var (payload, signature) = SignedEnvelope.Open(envelope, EnvelopeKind.RevocationList);
            if (!SignedEnvelope.Verify(EnvelopeKind.RevocationList, payload, signature, _authorityPublicKey))
            {
                return RecordStatus.BadSignature;
            }

            list = RevocationList.Decode(payload);
        }
        catch (RecordFormatException)
        {
            return RecordStatus.Malformed;
        }

        while (true)
        {
            var current = Revocations;
            if (list.Serial <= current.Serial)
            {
                return RecordStatus.Expired;
            }

            if (Interlocked.CompareExchange(ref _revocations, list, current) == current)
            {
                return RecordStatus.Valid;
            }
        }
    }
}
