using System.Net;
using MeshAgent.Dnsmasq.Probing;

namespace MeshAgent.Dnsmasq.Tests;

public sealed class DnsMessageCodecTests
{
    // Captured from dnsmasq 2.90 (config as in Expected/full.conf, no upstream) on loopback in a namespace.
    private const string HubAnswer = "123485800001000100000000056875622d32046d6573680000010001c00c000100010000003c00040a0a0b02";
    private const string OutsideRefused = "123581850001000000000000076578616d706c6503636f6d0000010001";
    private const string MeshNameError = "123681830001000000000000046e6f7065046d6573680000010001";

    [Test]
    public void EncodeQuery_Name_StandardQueryBytes()
    {
        var query = DnsMessageCodec.EncodeQuery(0x1234, "hub-2.mesh");

        Assert.That(Convert.ToHexStringLower(query), Is.EqualTo("123401000001000000000000056875622d32046d6573680000010001"));
    }

    [Test]
    public void EncodeQuery_NotADomainName_Throws()
    {
        Assert.Throws<ArgumentException>(() => DnsMessageCodec.EncodeQuery(1, "bad name"));
    }

    [Test]
    public void DecodeResponse_CapturedAnswer_AddressAndTtl()
    {
        var response = DnsMessageCodec.DecodeResponse(Convert.FromHexString(HubAnswer));

        Assert.Multiple(() =>
        {
            Assert.That(response.Id, Is.EqualTo(0x1234));
            Assert.That(response.ResponseCode, Is.EqualTo(DnsResponseCode.NoError));
            Assert.That(response.Authoritative, Is.True);
            Assert.That(response.QuestionName, Is.EqualTo("hub-2.mesh"));
            Assert.That(response.Answers.Single(), Is.EqualTo(new DnsAnswer("hub-2.mesh", 1, 60, IPAddress.Parse("10.10.11.2"))));
        });
    }

    [TestCase(OutsideRefused, DnsResponseCode.Refused, "example.com")]
    [TestCase(MeshNameError, DnsResponseCode.NameError, "nope.mesh")]
    public void DecodeResponse_CapturedFailure_ResponseCode(string hex, DnsResponseCode code, string name)
    {
        var response = DnsMessageCodec.DecodeResponse(Convert.FromHexString(hex));

        Assert.Multiple(() =>
        {
            Assert.That(response.ResponseCode, Is.EqualTo(code));
            Assert.That(response.QuestionName, Is.EqualTo(name));
            Assert.That(response.Answers, Is.Empty);
        });
    }

    [Test]
    public void DecodeResponse_EveryTruncation_ThrowsFormatException()
    {
        var full = Convert.FromHexString(HubAnswer);
        for (var length = 0; length < full.Length; length++)
        {
            Assert.Throws<DnsFormatException>(() => DnsMessageCodec.DecodeResponse(full.AsSpan(0, length)), $"length {length}");
        }
    }

    [Test]
    public void DecodeResponse_Query_ThrowsFormatException()
    {
        Assert.Throws<DnsFormatException>(() => DnsMessageCodec.DecodeResponse(DnsMessageCodec.EncodeQuery(7, "a.b")));
    }

    [Test]
    public void DecodeResponse_CompressionLoop_ThrowsFormatException()
    {
        // One question whose name is a pointer to itself (offset 12).
        var message = Convert.FromHexString("000181800001000000000000c00c00010001");

        Assert.Throws<DnsFormatException>(() => DnsMessageCodec.DecodeResponse(message));
    }

    [Test]
    public void DecodeResponse_AaaaAnswer_IPv6Address()
    {
        var message = Convert.FromHexString(
            "0002858000010001000000000161046d65736800001c0001" + "c00c001c00010000003c0010fd000011000000000000000000000007");

        var response = DnsMessageCodec.DecodeResponse(message);

        Assert.That(response.Answers.Single().Address, Is.EqualTo(IPAddress.Parse("fd00:11::7")));
    }
}
