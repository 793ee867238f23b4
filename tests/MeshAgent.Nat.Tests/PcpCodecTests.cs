using System.Net;
using MeshAgent.Nat.Pcp;

namespace MeshAgent.Nat.Tests;

[TestFixture]
public sealed class PcpCodecTests
{
    private static readonly byte[] Nonce = Convert.FromHexString("0102030405060708090A0B0C");

    [Test]
    public void EncodeMapUdpRequest_Ipv4Client_MappedAddressesAndRfcLayout()
    {
        var bytes = PcpCodec.EncodeMapUdpRequest(Nonce, IPAddress.Parse("192.0.2.10"), 51820, 51820, null, 7200);

        Assert.That(Convert.ToHexString(bytes), Is.EqualTo(
            "0201000000001C20" + "00000000000000000000FFFFC000020A"
            + "0102030405060708090A0B0C" + "11000000" + "CA6CCA6C" + "00000000000000000000FFFF00000000"));
    }

    [Test]
    public void Decode_MapReply_FieldsAndIpv4External()
    {
        var hex = "0281000000000E1000000063000000000000000000000000"
            + "0102030405060708090A0B0C" + "11000000" + "CA6C9C40" + "00000000000000000000FFFFCB007109";

        var reply = PcpCodec.Decode(Convert.FromHexString(hex));

        Assert.Multiple(() =>
        {
            Assert.That(reply.Opcode, Is.EqualTo(PcpOpcode.Map));
            Assert.That(reply.LifetimeSeconds, Is.EqualTo(3600u));
            Assert.That(reply.Epoch, Is.EqualTo(99u));
            Assert.That(reply.Nonce, Is.EqualTo(Nonce));
            Assert.That(reply.ExternalPort, Is.EqualTo((ushort)40000));
            Assert.That(reply.ExternalAddress, Is.EqualTo(IPAddress.Parse("203.0.113.9")));
        });
    }

    [TestCase("", TestName = "Decode_Empty_Malformed")]
    [TestCase("008000000000000000000063000000000000000000000000", TestName = "Decode_NatPmpVersion_Malformed")]
    [TestCase("020000000000000000000063000000000000000000000000", TestName = "Decode_Request_Malformed")]
    [TestCase("028000000000000000000063000000000000000000000000AA", TestName = "Decode_NotMultipleOfFour_Malformed")]
    [TestCase("028100000000000000000063000000000000000000000000", TestName = "Decode_SuccessMapHeaderOnly_Malformed")]
    public void Decode_Hostile_Throws(string hex)
    {
        Assert.Throws<MalformedReplyException>(() => PcpCodec.Decode(Convert.FromHexString(hex)));
    }
}
