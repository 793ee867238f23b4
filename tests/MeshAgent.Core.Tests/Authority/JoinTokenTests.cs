using MeshAgent.Core.Authority;
using MeshAgent.Core.Records;

namespace MeshAgent.Core.Tests.Authority;

public sealed class JoinTokenTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 0, 0, 0, TimeSpan.Zero);

    [Test]
    public void Verify_SealedToken_RoundTrips()
    {
        var authority = MeshAuthority.Create();
        var token = JoinToken.Create(Now.AddHours(1), NodeRole.Hub);

        var verified = JoinToken.Verify(token.Seal(authority), authority.PublicKey, Now, out var error);

        Assert.Multiple(() =>
        {
            Assert.That(error, Is.Null);
            Assert.That(verified, Is.EqualTo(token));
        });
    }

    [Test]
    public void Verify_Expired_RefusedWithReason()
    {
        var authority = MeshAuthority.Create();
        var text = JoinToken.Create(Now.AddHours(1)).Seal(authority);

        var verified = JoinToken.Verify(text, authority.PublicKey, Now.AddHours(2), out var error);

        Assert.Multiple(() =>
        {
            Assert.That(verified, Is.Null);
            Assert.That(error, Does.Contain("expired"));
        });
    }

    [Test]
    public void Verify_OtherAuthority_Refused()
    {
        var text = JoinToken.Create(Now.AddHours(1)).Seal(MeshAuthority.Create());

        var verified = JoinToken.Verify(text, MeshAuthority.Create().PublicKey, Now, out var error);

        Assert.Multiple(() =>
        {
            Assert.That(verified, Is.Null);
            Assert.That(error, Does.Contain("not signed"));
        });
    }

    [TestCase("")]
    [TestCase("mtk1.")]
    [TestCase("mtk1.!!!")]
    [TestCase("mtk1.AAAA")]
    [TestCase("hello")]
    public void Verify_Garbage_RefusedWithoutThrowing(string text)
    {
        var verified = JoinToken.Verify(text, MeshAuthority.Create().PublicKey, Now, out var error);

        Assert.Multiple(() =>
        {
            Assert.That(verified, Is.Null);
            Assert.That(error, Is.Not.Null.And.Not.Empty);
        });
    }

    [Test]
    public void Create_Twice_DifferentIds()
    {
        var first = JoinToken.Create(Now);
        var second = JoinToken.Create(Now);

        Assert.That(second.Id, Is.Not.EqualTo(first.Id));
    }
}
