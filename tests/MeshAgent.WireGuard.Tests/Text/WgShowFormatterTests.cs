using System.Text.RegularExpressions;
using MeshAgent.WireGuard.Text;

namespace MeshAgent.WireGuard.Tests.Text;

public sealed class WgShowFormatterTests
{
    private static IEnumerable<TestCaseData> FieldCases()
    {
        foreach (var prefix in new[] { "real", "synthetic" })
        {
            foreach (var field in WgShowFormatter.Fields)
            {
                yield return new TestCaseData(prefix, field).SetName($"Field_{prefix}_{field}_MatchesWg");
            }
        }
    }

    [TestCaseSource(nameof(FieldCases))]
    public void Field_SameUapiReplyAsWg_IsByteIdentical(string prefix, string field)
    {
        var device = FixtureDevices.FromUapi(prefix == "real" ? "uapi-get.txt" : "uapi-get-synthetic.txt");
        Assert.That(WgShowFormatter.Field(device, field, withInterface: false), Is.EqualTo(FixtureFiles.Read($"{prefix}-{field}.txt")));
    }

    [TestCase("real")]
    [TestCase("synthetic")]
    public void Field_AllInterfaces_PrefixesInterfaceName(string prefix)
    {
        var device = FixtureDevices.FromUapi(prefix == "real" ? "uapi-get.txt" : "uapi-get-synthetic.txt");
        Assert.That(WgShowFormatter.Field(device, "dump", withInterface: true), Is.EqualTo(FixtureFiles.Read($"{prefix}-all-dump.txt")));
        Assert.That(WgShowFormatter.Field(device, "peers", withInterface: true), Is.EqualTo(FixtureFiles.Read($"{prefix}-all-peers.txt")));
    }

    [Test]
    public void Field_UnknownField_ReturnsNull()
    {
        Assert.That(WgShowFormatter.Field(FixtureDevices.Real, "bogus", false), Is.Null);
    }

    [Test]
    public void Pretty_RealDevice_MatchesWgWithoutColour()
    {
        var device = FixtureDevices.Real;
        Assert.That(WgShowFormatter.Pretty(device, DateTimeOffset.UtcNow, showKeys: false), Is.EqualTo(FixtureFiles.Read("real-pretty.txt")));
        Assert.That(WgShowFormatter.Pretty(device, DateTimeOffset.UtcNow, showKeys: true), Is.EqualTo(FixtureFiles.Read("real-pretty-keys.txt")));
    }

    [Test]
    public void Pretty_SyntheticDevice_MatchesWgApartFromHandshakeAge()
    {
        // The "ago" text depends on the clock at capture time; everything else must be identical,
        // including the order (most recent handshake first).
        static string WithoutAge(string text) => Regex.Replace(text, "latest handshake: .*", "latest handshake: X");
        var text = WgShowFormatter.Pretty(FixtureDevices.Synthetic, DateTimeOffset.UtcNow, showKeys: false);
        Assert.That(WithoutAge(text), Is.EqualTo(WithoutAge(FixtureFiles.Read("synthetic-pretty.txt"))));
    }

    [TestCase(0, "Now")]
    [TestCase(1, "1 second ago")]
    [TestCase(61, "1 minute, 1 second ago")]
    [TestCase(3600 * 2, "2 hours ago")]
    [TestCase(366 * 86400 + 3601, "1 year, 1 day, 1 hour, 1 second ago")]
    public void Pretty_HandshakeAge_UsesWgWords(int secondsAgo, string expected)
    {
        var now = DateTimeOffset.FromUnixTimeSeconds(1_800_000_000);
        var peer = new WireGuardPeer(new WireGuardKey(new byte[32]), null, null, TimeSpan.Zero, now.AddSeconds(-secondsAgo), 0, 0, []);
        var device = new WireGuardDevice("wg0", WireGuardBackendKind.Userspace, null, null, 0, 0, [peer]);
        Assert.That(WgShowFormatter.Pretty(device, now, false), Does.Contain("  latest handshake: " + expected + "\n"));
    }

    [TestCase(0L, "0 B")]
    [TestCase(1023L, "1023 B")]
    [TestCase(1024L, "1.00 KiB")]
    [TestCase(1536L, "1.50 KiB")]
    [TestCase(5368709120L, "5.00 GiB")]
    [TestCase(1099511627776L * 3, "3.00 TiB")]
    public void Bytes_Sizes_UseBinaryUnits(long bytes, string expected)
    {
        Assert.That(WgShowFormatter.Bytes(bytes), Is.EqualTo(expected));
    }
}
