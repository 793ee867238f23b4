using MeshAgent.Core.Records;

namespace MeshAgent.Core.Tests.Records;

public sealed class RecordVerifierTests
{
    private readonly MeshAuthority _authority = MeshAuthority.Create();

    // NUnit shares one fixture instance between tests: each test needs its own clock.
    private ManualTimeProvider _clock = null!;

    [SetUp]
    public void StartClock() => _clock = new ManualTimeProvider(RecordSamples.Now.AddHours(1));

    [Test]
    public void Verify_SignedByAuthority_Valid()
    {
        var verifier = new RecordVerifier(_authority.PublicKey, _clock);

        var result = verifier.Verify(_authority.Sign(RecordSamples.Hub()));

        Assert.Multiple(() =>
        {
            Assert.That(result.Status, Is.EqualTo(RecordStatus.Valid));
            Assert.That(result.Record, Is.EqualTo(RecordSamples.Hub()));
        });
    }

    [Test]
    public void Verify_SignedByAnotherAuthority_BadSignature()
    {
        var verifier = new RecordVerifier(_authority.PublicKey, _clock);

        var result = verifier.Verify(MeshAuthority.Create().Sign(RecordSamples.Hub()));

        Assert.That(result.Status, Is.EqualTo(RecordStatus.BadSignature));
    }

    [Test]
    public void Verify_AnyPayloadByteChanged_NeverValid()
    {
        var verifier = new RecordVerifier(_authority.PublicKey, _clock);
        var envelope = _authority.Sign(RecordSamples.Hub());

        for (var i = 0; i < envelope.Length; i++)
        {
            var tampered = (byte[])envelope.Clone();
            tampered[i] ^= 0x01;
            Assert.That(verifier.Verify(tampered).IsValid, Is.False, $"byte {i}");
        }
    }

    [Test]
    public void Verify_AfterExpiry_Expired()
    {
        var verifier = new RecordVerifier(_authority.PublicKey, _clock);
        var envelope = _authority.Sign(RecordSamples.Hub());

        _clock.Advance(TimeSpan.FromDays(31));

        Assert.That(verifier.Verify(envelope).Status, Is.EqualTo(RecordStatus.Expired));
    }

    [Test]
    public void Verify_IssuedFarInFuture_Expired()
    {
        var verifier = new RecordVerifier(_authority.PublicKey, _clock);
        var record = RecordSamples.Hub() with { IssuedAt = _clock.GetUtcNow().AddHours(1) };

        Assert.That(verifier.Verify(_authority.Sign(record)).Status, Is.EqualTo(RecordStatus.Expired));
    }

    [Test]
    public void Verify_RevokedKey_RevokedAfterListAccepted()
    {
        var verifier = new RecordVerifier(_authority.PublicKey, _clock);
        var envelope = _authority.Sign(RecordSamples.Hub());
        var list = new RevocationList(1, RecordSamples.Now, [RecordSamples.Key(1)]);

        var before = verifier.Verify(envelope).Status;
        var accepted = verifier.AcceptRevocations(_authority.Sign(list));
        var after = verifier.Verify(envelope).Status;

        Assert.Multiple(() =>
        {
            Assert.That(before, Is.EqualTo(RecordStatus.Valid));
            Assert.That(accepted, Is.EqualTo(RecordStatus.Valid));
            Assert.That(after, Is.EqualTo(RecordStatus.Revoked));
        });
    }

    [Test]
    public void AcceptRevocations_OlderSerial_Ignored()
    {
        var verifier = new RecordVerifier(_authority.PublicKey, _clock);
        verifier.AcceptRevocations(_authority.Sign(new RevocationList(5, RecordSamples.Now, [RecordSamples.Key(1)])));

        var status = verifier.AcceptRevocations(_authority.Sign(new RevocationList(4, RecordSamples.Now, [])));

        Assert.Multiple(() =>
        {
            Assert.That(status, Is.EqualTo(RecordStatus.Expired));
            Assert.That(verifier.Revocations.Serial, Is.EqualTo(5));
        });
    }

    [Test]
    public void AcceptRevocations_ForgedList_Rejected()
    {
        var verifier = new RecordVerifier(_authority.PublicKey, _clock);

        var status = verifier.AcceptRevocations(MeshAuthority.Create().Sign(new RevocationList(9, RecordSamples.Now, [RecordSamples.Key(1)])));

        Assert.Multiple(() =>
        {
            Assert.That(status, Is.EqualTo(RecordStatus.BadSignature));
            Assert.That(verifier.Revocations.Serial, Is.Zero);
        });
    }

    [Test]
    public void Verify_RevocationListEnvelopeAsRecord_Malformed()
    {
        var verifier = new RecordVerifier(_authority.PublicKey, _clock);

        var status = verifier.Verify(_authority.Sign(new RevocationList(1, RecordSamples.Now, []))).Status;

        Assert.That(status, Is.EqualTo(RecordStatus.Malformed));
    }
}
