using MeshAgent.Core.Records;

namespace MeshAgent.Core.Tests.Records;

public sealed class RecordBookTests
{
    private readonly MeshAuthority _authority = MeshAuthority.Create();
    private ManualTimeProvider _clock = null!;
    private RecordBook _book = null!;

    [SetUp]
    public void CreateBook()
    {
        _clock = new ManualTimeProvider(RecordSamples.Now.AddHours(1));
        _book = new RecordBook(new RecordVerifier(_authority.PublicKey, _clock));
    }

    [Test]
    public void Offer_NewRecord_AddedAndKeptWithItsEnvelope()
    {
        var envelope = _authority.Sign(RecordSamples.Hub());

        var offer = _book.Offer(envelope);

        Assert.Multiple(() =>
        {
            Assert.That(offer.Outcome, Is.EqualTo(OfferOutcome.Added));
            Assert.That(offer.Changed, Is.True);
            Assert.That(_book.Find("hub-1")!.Envelope, Is.EqualTo(envelope));
            Assert.That(_book.Version, Is.GreaterThan(0));
        });
    }

    [Test]
    public void Offer_HigherSerial_Replaces_LowerOrSame_Unchanged()
    {
        _book.Offer(_authority.Sign(RecordSamples.Hub() with { Serial = 5 }));

        var newer = _book.Offer(_authority.Sign(RecordSamples.Hub() with { Serial = 6 }));
        var older = _book.Offer(_authority.Sign(RecordSamples.Hub() with { Serial = 4 }));
        var same = _book.Offer(_authority.Sign(RecordSamples.Hub() with { Serial = 6 }));

        Assert.Multiple(() =>
        {
            Assert.That(newer.Outcome, Is.EqualTo(OfferOutcome.Replaced));
            Assert.That(older.Outcome, Is.EqualTo(OfferOutcome.Unchanged));
            Assert.That(same.Outcome, Is.EqualTo(OfferOutcome.Unchanged));
            Assert.That(_book.Find("hub-1")!.Record.Serial, Is.EqualTo(6UL));
        });
    }

    [Test]
    public void Offer_ForgedOrExpiredOrGarbage_RejectedWithReasonAndNotKept()
    {
        var forged = _book.Offer(MeshAuthority.Create().Sign(RecordSamples.Spoke("spoke-a", 2, "10.10.11.2")));
        var expired = _book.Offer(_authority.Sign(RecordSamples.Spoke("spoke-b", 3, "10.10.11.3") with { ExpiresAt = RecordSamples.Now.AddMinutes(30) }));
        var garbage = _book.Offer([1, 2, 3, 4, 5, 6, 7]);

        Assert.Multiple(() =>
        {
            Assert.That(forged.Status, Is.EqualTo(RecordStatus.BadSignature));
            Assert.That(expired.Status, Is.EqualTo(RecordStatus.Expired));
            Assert.That(garbage.Status, Is.EqualTo(RecordStatus.Malformed));
            Assert.That(new[] { forged, expired, garbage }.Select(o => o.Outcome), Is.All.EqualTo(OfferOutcome.Rejected));
            Assert.That(_book.Records, Is.Empty);
        });
    }

    [Test]
    public void Offer_RevocationList_EvictsRevokedRecordAndRefusesItLater()
    {
        var spoke = RecordSamples.Spoke("spoke-a", 2, "10.10.11.2");
        _book.Offer(_authority.Sign(spoke));
        _book.Offer(_authority.Sign(RecordSamples.Hub()));

        var revocation = _book.Offer(_authority.Sign(new RevocationList(1, RecordSamples.Now, [spoke.WireGuardPublicKey])));
        var again = _book.Offer(_authority.Sign(spoke with { Serial = 9 }));

        Assert.Multiple(() =>
        {
            Assert.That(revocation.Outcome, Is.EqualTo(OfferOutcome.RevocationsUpdated));
            Assert.That(revocation.Removed, Is.EqualTo(new[] { "spoke-a" }));
            Assert.That(again.Status, Is.EqualTo(RecordStatus.Revoked));
            Assert.That(_book.Records.Select(r => r.Record.Name), Is.EqualTo(new[] { "hub-1" }));
            Assert.That(_book.Envelopes()[0][4], Is.EqualTo((byte)EnvelopeKind.RevocationList), "the list travels with the records");
        });
    }

    [Test]
    public void Offer_OlderRevocationList_Unchanged()
    {
        _book.Offer(_authority.Sign(new RevocationList(2, RecordSamples.Now, [])));

        var older = _book.Offer(_authority.Sign(new RevocationList(1, RecordSamples.Now, [RecordSamples.Key(2)])));

        Assert.That(older.Outcome, Is.EqualTo(OfferOutcome.Unchanged));
        Assert.That(_book.Verifier.Revocations.Serial, Is.EqualTo(2UL));
    }

    [Test]
    public void Offer_SameKeyUnderNewName_LaterIssueWinsAndOldNameGoes()
    {
        _book.Offer(_authority.Sign(RecordSamples.Spoke("old-name", 2, "10.10.11.2")));

        var renamed = _book.Offer(_authority.Sign(RecordSamples.Spoke("new-name", 2, "10.10.11.2") with { IssuedAt = RecordSamples.Now.AddMinutes(1) }));
        var stale = _book.Offer(_authority.Sign(RecordSamples.Spoke("old-name", 2, "10.10.11.2") with { Serial = 3 }));

        Assert.Multiple(() =>
        {
            Assert.That(renamed.Removed, Is.EqualTo(new[] { "old-name" }));
            Assert.That(stale.Outcome, Is.EqualTo(OfferOutcome.Unchanged), "the older decision does not come back");
            Assert.That(_book.Records.Select(r => r.Record.Name), Is.EqualTo(new[] { "new-name" }));
        });
    }

    [Test]
    public void PruneExpired_DropsRecordsPastExpiry()
    {
        _book.Offer(_authority.Sign(RecordSamples.Spoke("short", 2, "10.10.11.2") with { ExpiresAt = RecordSamples.Now.AddHours(2) }));
        _book.Offer(_authority.Sign(RecordSamples.Hub()));

        _clock.Advance(TimeSpan.FromHours(2));
        var pruned = _book.PruneExpired();

        Assert.Multiple(() =>
        {
            Assert.That(pruned, Is.EqualTo(new[] { "short" }));
            Assert.That(_book.Records.Select(r => r.Record.Name), Is.EqualTo(new[] { "hub-1" }));
        });
    }
}
