namespace MeshAgent.WireGuard.Tests;

public sealed class WireGuardKeysTests
{
    [Test]
    public void PublicKeyOf_KeysFromWgGenkey_MatchesWgPubkey()
    {
        var lines = FixtureFiles.Lines("wg-keypairs.txt");
        Assert.That(lines, Has.Length.GreaterThanOrEqualTo(20));
        foreach (var line in lines)
        {
            var parts = line.Split(' ');
            var derived = WireGuardKeys.PublicKeyOf(WireGuardKey.FromBase64(parts[0]));
            Assert.That(derived.ToBase64(), Is.EqualTo(parts[1]));
        }
    }

    [Test]
    public void GeneratePrivateKey_Always_IsClampedAndDistinct()
    {
        var seen = new HashSet<string>();
        for (var i = 0; i < 200; i++)
        {
            var key = WireGuardKeys.GeneratePrivateKey();
            var bytes = key.Bytes;
            Assert.That(bytes[0] & 7, Is.Zero);
            Assert.That(bytes[31] & 128, Is.Zero);
            Assert.That(bytes[31] & 64, Is.EqualTo(64));
            Assert.That(seen.Add(key.ToBase64()), Is.True);
        }
    }

    [Test]
    public void GeneratePresharedKey_Always_UsesAllBits()
    {
        var orOfAll = new byte[32];
        var andOfAll = Enumerable.Repeat((byte)0xff, 32).ToArray();
        for (var i = 0; i < 200; i++)
        {
            var key = WireGuardKeys.GeneratePresharedKey().Bytes;
            for (var b = 0; b < 32; b++)
            {
                orOfAll[b] |= key[b];
                andOfAll[b] &= key[b];
            }
        }

        // Unclamped: over 200 keys every bit is seen set and seen clear.
        Assert.That(orOfAll, Is.All.EqualTo(0xff));
        Assert.That(andOfAll, Is.All.EqualTo(0));
    }

    [Test]
    public void PublicKeyOf_UnclampedScalar_EqualsClampedScalar()
    {
        var raw = WireGuardKeys.GeneratePresharedKey();
        var clamped = raw.Bytes.ToArray();
        WireGuardKeys.Clamp(clamped);
        Assert.That(WireGuardKeys.PublicKeyOf(raw), Is.EqualTo(WireGuardKeys.PublicKeyOf(new WireGuardKey(clamped))));
    }

    [Test]
    public void ToString_PrivateKey_PrintsNoKeyMaterial()
    {
        var key = WireGuardKeys.GeneratePrivateKey();
        Assert.That(key.ToString(), Does.Not.Contain(key.ToBase64()[..8]));
    }
}
