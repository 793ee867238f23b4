using MeshAgent.Core.Configuration;

namespace MeshAgent.Core.Tests.Configuration;

public sealed class DurationFormatTests
{
    [TestCase("500ms", 500)]
    [TestCase("60s", 60_000)]
    [TestCase("1m30s", 90_000)]
    [TestCase("12h", 43_200_000)]
    [TestCase("7d", 604_800_000)]
    [TestCase("1d2h3m4s5ms", 93_784_005)]
    [TestCase("0s", 0)]
    public void TryParse_ValidText_GivesMilliseconds(string text, long milliseconds)
    {
        Assert.That(DurationFormat.TryParse(text, out var value, out var error), Is.True, error);
        Assert.That(value, Is.EqualTo(TimeSpan.FromMilliseconds(milliseconds)));
    }

    [TestCase("500ms")]
    [TestCase("59s")]
    [TestCase("1m30s")]
    [TestCase("12h")]
    [TestCase("7d")]
    [TestCase("1d2h3m4s5ms")]
    [TestCase("0s")]
    public void Format_OfParsedCanonicalText_GivesTheSameText(string text) =>
        Assert.That(DurationFormat.Format(DurationFormat.Parse(text)), Is.EqualTo(text));

    [TestCase("60s", "1m")]
    [TestCase("90s", "1m30s")]
    [TestCase("1000ms", "1s")]
    [TestCase("24h", "1d")]
    [TestCase("3600s", "1h")]
    public void Format_OfNonCanonicalText_GivesTheShortestForm(string text, string canonical) =>
        Assert.That(DurationFormat.Format(DurationFormat.Parse(text)), Is.EqualTo(canonical));

    [Test]
    public void Parse_OfFormat_RoundTripsManyValues()
    {
        var random = new Random(20261122);
        for (var i = 0; i < 2000; i++)
        {
            var value = TimeSpan.FromMilliseconds(random.NextInt64(0, (long)TimeSpan.FromDays(400).TotalMilliseconds));

            var text = DurationFormat.Format(value);

            Assert.That(DurationFormat.Parse(text), Is.EqualTo(value), text);
        }
    }

    [Test]
    public void Format_SubMillisecondPart_IsTruncated() =>
        Assert.That(DurationFormat.Format(TimeSpan.FromTicks(15_000_123)), Is.EqualTo("1s500ms"));

    [TestCase("", "a duration is empty; write e.g. 60s, 500ms, 12h")]
    [TestCase("10", "'10' has no unit; write e.g. 10s (units d, h, m, s, ms)")]
    [TestCase("1.5h", "'1.5h' is not a duration; write e.g. 60s, 500ms, 1h30m (units d, h, m, s, ms)")]
    [TestCase("5 s", "'5 s' is not a duration; write e.g. 60s, 500ms, 1h30m (units d, h, m, s, ms)")]
    [TestCase("30m1h", "'30m1h' must give its units once each, largest first (e.g. 1h30m)")]
    [TestCase("1s1s", "'1s1s' must give its units once each, largest first (e.g. 1h30m)")]
    [TestCase("3w", "'3w' has an unknown unit 'w'; units are d, h, m, s, ms")]
    [TestCase("5S", "'5S' is not a duration; write e.g. 60s, 500ms, 1h30m (units d, h, m, s, ms)")]
    [TestCase("99999999999s", "'99999999999s' is too long a duration")]
    [TestCase("40000d", "'40000d' is too long a duration (at most 36500d)")]
    public void TryParse_InvalidText_SaysWhy(string text, string message)
    {
        Assert.That(DurationFormat.TryParse(text, out _, out var error), Is.False);
        Assert.That(error, Is.EqualTo(message));
        Assert.That(() => DurationFormat.Parse(text), Throws.TypeOf<FormatException>().With.Message.EqualTo(message));
    }

    [Test]
    public void Format_Negative_Throws() =>
        Assert.That(() => DurationFormat.Format(TimeSpan.FromSeconds(-1)), Throws.TypeOf<ArgumentOutOfRangeException>());

    [Test]
    public void Parse_ConfigDurations_RoundTripThroughTheModel()
    {
        var config = TestConfig.Valid("""
            mesh:
              prefix: 10.10.11.0/24
              role: hub
              endpoint: "203.0.113.10:51820"
              persistent_keepalive: 1m5s
              direct_path_timeout: 1500ms
            vrb:
              lan: { bridge: br0 }
              rollback_timeout: 2m
            """);

        Assert.Multiple(() =>
        {
            Assert.That(DurationFormat.Format(config.Mesh!.PersistentKeepalive!.Value), Is.EqualTo("1m5s"));
            Assert.That(DurationFormat.Format(config.Mesh.DirectPathTimeout), Is.EqualTo("1s500ms"));
            Assert.That(config.Vrb!.RollbackTimeout, Is.EqualTo(TimeSpan.FromMinutes(2)));
        });
    }
}
