using MeshAgent.Core.Authority;
using MeshAgent.Interop;

namespace MeshAgent.Core.Tests.Authority;

public sealed class SealedJoinTokenTests
{
    private static (byte[] Public, byte[] Private) KeyPair()
    {
        var privateKey = new byte[32];
        SodiumCurve25519.RandomBytes(privateKey);
        var publicKey = new byte[32];
        SodiumCurve25519.ScalarMultBase(privateKey, publicKey);
        return (publicKey, privateKey);
    }

    [Test]
    public void SealOpen_ForThisHub_RoundTripsAndHidesTheToken()
    {
        var hub = KeyPair();

        var sealedText = SealedJoinToken.Seal("mtk1.secret-token", Convert.ToBase64String(hub.Public));

        Assert.Multiple(() =>
        {
            Assert.That(sealedText, Does.StartWith("sealed1.").And.Not.Contain("secret"));
            Assert.That(SealedJoinToken.Open(sealedText, hub.Public, hub.Private), Is.EqualTo("mtk1.secret-token"));
            Assert.That(SealedJoinToken.Seal("mtk1.secret-token", Convert.ToBase64String(hub.Public)), Is.Not.EqualTo(sealedText), "a fresh ephemeral key each time");
        });
    }

    [Test]
    public void Open_OtherHubTamperedOrClearText_Null()
    {
        var hub = KeyPair();
        var other = KeyPair();
        var sealedText = SealedJoinToken.Seal("mtk1.secret-token", Convert.ToBase64String(other.Public));
        var bytes = Convert.FromBase64String(sealedText["sealed1.".Length..]);
        bytes[^1] ^= 1;

        Assert.Multiple(() =>
        {
            Assert.That(SealedJoinToken.Open(sealedText, hub.Public, hub.Private), Is.Null);
            Assert.That(SealedJoinToken.Open("sealed1." + Convert.ToBase64String(bytes), other.Public, other.Private), Is.Null);
            Assert.That(SealedJoinToken.Open("mtk1.secret-token", hub.Public, hub.Private), Is.Null);
            Assert.That(SealedJoinToken.Open("sealed1.!!!", hub.Public, hub.Private), Is.Null);
            Assert.That(SealedJoinToken.Open("sealed1.AAAA", hub.Public, hub.Private), Is.Null);
        });
    }
}
