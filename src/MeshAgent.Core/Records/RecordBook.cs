namespace MeshAgent.Core.Records;

/// <summary>What became of one offered envelope.</summary>
public enum OfferOutcome
{
    /// <summary>A record for a name not known before.</summary>
    Added,

    /// <summary>A newer record (higher serial) replaced the one held.</summary>
    Replaced,

    /// <summary>The same or an older record: nothing changed.</summary>
    Unchanged,

    /// <summary>Refused: see <see cref="RecordOffer.Status"/>.</summary>
    Rejected,

    /// <summary>A newer revocation list came into force.</summary>
    RevocationsUpdated,
}

/// <summary>The result of <see cref="RecordBook.Offer"/>.</summary>
/// <param name="Outcome">What happened.</param>
/// <param name="Status">The verification status (why a rejected envelope was refused).</param>
/// <param name="Record">The decoded record, when the envelope was a decodable record (also when rejected, for logs).</param>
/// <param name="Removed">Names whose records left the book as a consequence (revoked, or superseded by a newer record for the same key).</param>
public sealed record RecordOffer(OfferOutcome Outcome, RecordStatus Status, NodeRecord? Record, IReadOnlyList<string> Removed)
{
    /// <summary>True when the book's contents changed.</summary>
    public bool Changed => Outcome is OfferOutcome.Added or OfferOutcome.Replaced or OfferOutcome.RevocationsUpdated || Removed.Count > 0;
}

/// <summary>
/// The verified node records this node knows, one per name: the newest serial wins. Every envelope is
/// verified (signature, expiry, revocation) before it is held; a newer revocation list evicts the records
/// it revokes. A WireGuard key belongs to one name only: when two records claim one key, the later issue
/// wins, because it is the authority's more recent decision. Thread-safe; <see cref="Version"/> counts changes.
/// </summary>
public sealed class RecordBook(RecordVerifier verifier)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, SignedRecord> _byName = new(StringComparer.Ordinal);
    private byte[]? _revocationEnvelope;
    private long _version;

    /// <summary>Increases whenever the book's contents change.</summary>
    public long Version => Interlocked.Read(ref _version);

    /// <summary>The verifier (and with it the revocation list in force).</summary>
    public RecordVerifier Verifier => verifier;

    /// <summary>The signed revocation list in force, or null when none was seen.</summary>
    public byte[]? RevocationEnvelope
    {
        get { lock (_gate) return _revocationEnvelope; }
    }

    /// <summary>A snapshot of every record held, ordered by name.</summary>
    public IReadOnlyList<SignedRecord> Records
    {
        get
        {
            lock (_gate)
            {
                return [.. _byName.Values.OrderBy(r => r.Record.Name, StringComparer.Ordinal)];
            }
        }
    }

    /// <summary>The record held for <paramref name="name"/>, or null.</summary>
    public SignedRecord? Find(string name)
    {
        lock (_gate)
        {
            return _byName.GetValueOrDefault(name);
        }
    }

    /// <summary>Every envelope held (records and the revocation list), as gossip passes them on.</summary>
    public List<byte[]> Envelopes()
    {
        lock (_gate)
        {
            var envelopes = _byName.Values.OrderBy(r => r.Record.Name, StringComparer.Ordinal).Select(r => r.Envelope).ToList();
            if (_revocationEnvelope is not null)
            {
                envelopes.Insert(0, _revocationEnvelope);
            }

            return envelopes;
        }
    }

    /// <summary>Verifies and, if newer, takes one envelope: a node record or a revocation list.</summary>
    public RecordOffer Offer(byte[] envelope)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        return envelope.Length > 4 && envelope[4] == (byte)EnvelopeKind.RevocationList
            ? OfferRevocations(envelope)
            : OfferRecord(envelope);
    }

    /// <summary>Drops records that expired since they were taken; returns their names.</summary>
    public IReadOnlyList<string> PruneExpired()
    {
        lock (_gate)
        {
            var expired = _byName.Values.Where(r => !verifier.Verify(r.Envelope).IsValid).Select(r => r.Record.Name).ToList();
            Remove(expired);
            return expired;
        }
    }

    private RecordOffer OfferRecord(byte[] envelope)
    {
        var verification = verifier.Verify(envelope);
        if (!verification.IsValid)
        {
            return new RecordOffer(OfferOutcome.Rejected, verification.Status, verification.Record, []);
        }

        var record = verification.Record!;
        lock (_gate)
        {
            var held = _byName.GetValueOrDefault(record.Name);
            if (held is not null && held.Record.Serial >= record.Serial)
            {
                return new RecordOffer(OfferOutcome.Unchanged, RecordStatus.Valid, record, []);
            }

            var sameKey = _byName.Values
                .Where(r => r.Record.Name != record.Name && r.Record.WireGuardPublicKey == record.WireGuardPublicKey)
                .ToList();
            if (sameKey.Any(r => r.Record.IssuedAt > record.IssuedAt))
            {
                return new RecordOffer(OfferOutcome.Unchanged, RecordStatus.Valid, record, []);
            }

            var removed = sameKey.Select(r => r.Record.Name).ToList();
            Remove(removed);
            _byName[record.Name] = new SignedRecord(record, envelope);
            Interlocked.Increment(ref _version);
            return new RecordOffer(held is null ? OfferOutcome.Added : OfferOutcome.Replaced, RecordStatus.Valid, record, removed);
        }
    }

    private RecordOffer OfferRevocations(byte[] envelope)
    {
        var status = verifier.AcceptRevocations(envelope);
        if (status == RecordStatus.Expired)
        {
            // Not newer than the list in force: nothing to do, nothing wrong.
            return new RecordOffer(OfferOutcome.Unchanged, RecordStatus.Valid, null, []);
        }

        if (status != RecordStatus.Valid)
        {
            return new RecordOffer(OfferOutcome.Rejected, status, null, []);
        }

        lock (_gate)
        {
            _revocationEnvelope = envelope;
            var revoked = _byName.Values
                .Where(r => verifier.Revocations.IsRevoked(r.Record.WireGuardPublicKey))
                .Select(r => r.Record.Name)
                .ToList();
            Remove(revoked);
            Interlocked.Increment(ref _version);
            return new RecordOffer(OfferOutcome.RevocationsUpdated, RecordStatus.Valid, null, revoked);
        }
    }

    private void Remove(List<string> names)
    {
        foreach (var name in names)
        {
            _byName.Remove(name);
        }

        if (names.Count > 0)
        {
            Interlocked.Increment(ref _version);
        }
    }
}
