using System.Net;
using MeshAgent.Dnsmasq.Leases;

namespace MeshAgent.Dnsmasq.Tests;

public sealed class DnsmasqLeaseFileTests
{
    [Test]
    public void Parse_Fixture_EveryKindOfLine()
    {
        var text = File.ReadAllText(Path.Combine(TestContext.CurrentContext.TestDirectory, "Fixtures", "dnsmasq.leases"));

        var file = DnsmasqLeaseFile.Parse(text);

        Assert.Multiple(() =>
        {
            Assert.That(file.MalformedLines, Is.Zero);
            Assert.That(file.ServerDuid, Is.EqualTo("00:01:00:01:2c:5e:1a:0b:02:00:00:00:00:01"));
            Assert.That(file.Leases, Has.Count.EqualTo(4));
            Assert.That(file.Leases[0], Is.EqualTo(new DnsmasqLease(
                DateTimeOffset.FromUnixTimeSeconds(1795351200), "02:00:00:00:00:0a", null, IPAddress.Parse("10.10.10.10"), "fileserv", "01:02:00:00:00:00:0a")));
            Assert.That(file.Leases[1].Hostname, Is.Null);
            Assert.That(file.Leases[1].ClientId, Is.Null);
            Assert.That(file.Leases[2].Expires, Is.Null, "0 is an infinite lease");
            Assert.That(file.Leases[3].IsIPv6, Is.True);
            Assert.That(file.Leases[3].Iaid, Is.EqualTo("1234567"));
            Assert.That(file.Leases[3].Address, Is.EqualTo(IPAddress.Parse("fd00:10::150")));
        });
    }

    [Test]
    public void Parse_MalformedLines_CountedAndSkipped()
    {
        var file = DnsmasqLeaseFile.Parse("garbage\n1795351200 02:00:00:00:00:0b 10.10.10.160 * *\nx 02:00 not-an-ip a b\n1 2 3\n");

        Assert.Multiple(() =>
        {
            Assert.That(file.Leases, Has.Count.EqualTo(1));
            Assert.That(file.MalformedLines, Is.EqualTo(3));
        });
    }

    [Test]
    public void Read_MissingFile_Null()
    {
        Assert.That(DnsmasqLeaseFile.Read("/nonexistent/dnsmasq.leases"), Is.Null);
    }
}
