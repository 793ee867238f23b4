using System.Net;
using MeshAgent.WireGuard.Text;

namespace MeshAgent.WireGuard.Tests;

public sealed class InetAddressTextTests
{
    [Test]
    public void Format_Ipv6FromGlibcFixture_MatchesInetNtop()
    {
        var lines = FixtureFiles.Lines("inet-ntop-glibc.txt");
        Assert.That(lines, Has.Length.GreaterThan(400));
        foreach (var line in lines)
        {
            var parts = line.Split(' ');
            var address = new IPAddress(Convert.FromHexString(parts[0]));
            Assert.That(InetAddressText.Format(address), Is.EqualTo(parts[1]), parts[0]);
        }
    }

    [TestCase("192.0.2.1:51820", "192.0.2.1", 51820)]
    [TestCase("[2001:db8::1]:1", "2001:db8::1", 1)]
    [TestCase("[::ffff:192.0.2.1]:65535", "::ffff:192.0.2.1", 65535)]
    public void TryParseEndpoint_ValidForms_Parses(string text, string address, int port)
    {
        Assert.That(InetAddressText.TryParseEndpoint(text, out var endpoint), Is.True);
        Assert.That(endpoint, Is.EqualTo(new IPEndPoint(IPAddress.Parse(address), port)));
    }

    [TestCase("192.0.2.1")]
    [TestCase("192.0.2.1:")]
    [TestCase("192.0.2.1:65536")]
    [TestCase("[2001:db8::1]")]
    [TestCase("[2001:db8::1:5")]
    [TestCase("2001:db8::1:5")]
    [TestCase("01.2.3.4:5")]
    [TestCase("1.2.3:5")]
    [TestCase("host.example:5")]
    [TestCase("1.2.3.4:+5")]
    public void TryParseEndpoint_InvalidForms_ReturnsFalse(string text)
    {
        Assert.That(InetAddressText.TryParseEndpoint(text, out _), Is.False);
    }

    [TestCase("10.0.0.1/24", "10.0.0.0/24", true)]
    [TestCase("10.0.0.0/24", "10.0.0.0/24", false)]
    [TestCase("10.0.0.7", "10.0.0.7/32", false)]
    [TestCase("fd00::1/64", "fd00::/64", true)]
    [TestCase("::/0", "::/0", false)]
    public void TryParseNetwork_Prefixes_ClearsHostBits(string text, string expected, bool hadHostBits)
    {
        Assert.That(InetAddressText.TryParseNetwork(text, out var network, out var hostBits), Is.True);
        Assert.That(InetAddressText.FormatNetwork(network), Is.EqualTo(expected));
        Assert.That(hostBits, Is.EqualTo(hadHostBits));
    }

    [TestCase("10.0.0.1/33")]
    [TestCase("fd00::/129")]
    [TestCase("10.0.0.1/")]
    [TestCase("10.0.0.1/-1")]
    [TestCase("fe80::1%eth0/64")]
    [TestCase("/24")]
    public void TryParseNetwork_Invalid_ReturnsFalse(string text)
    {
        Assert.That(InetAddressText.TryParseNetwork(text, out _, out _), Is.False);
    }
}
