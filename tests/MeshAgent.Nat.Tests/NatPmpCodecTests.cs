using System.Net;
using MeshAgent.Nat;
using MeshAgent.Nat.NatPmp;

namespace MeshAgent.Nat.Tests;

[TestFixture]
public sealed class NatPmpCodecTests
{
    [Test]
    public void EncodeMapUdpRequest_Ports_RfcLayout()
    {
        var bytes = NatPmpCodec.EncodeMapUdpRequest(51820, 51821, 7200);

        Assert.That(Convert.ToHexString(bytes), Is.EqualTo("00010000CA6CCA6D00001C20"));
    }

    [Test]
    public void Decode_ExternalAddressReply_AddressAndEpoch()
    {
        var reply = NatPmpCodec.Decode(Convert.FromHexString("00800000000004D2CB007107"));

        Assert.Multiple(() =>
        {
            Assert.That(reply.Kind, Is.EqualTo(NatPmpReplyKind.ExternalAddress));
            Assert.That(reply.Result, Is.EqualTo(NatPmpResultCode.Success));
            Assert.That(reply.Epoch, Is.EqualTo(1234u));
            Assert.That(reply.ExternalAddress, Is.EqualTo(IPAddress.Parse("203.0.113.7")));
        });
    }

    [Test]
    public void Decode_MapReply_PortsAndLifetime()
    {
        var reply = NatPmpCodec.Decode(Convert.FromHexString("0081000000000010CA6CCA6D00000E10"));

        Assert.Multiple(() =>
        {
            Assert.That(reply.Kind, Is.EqualTo(NatPmpReplyKind.MapUdp));
            Assert.That(reply.InternalPort, Is.EqualTo((ushort)51820));
            Assert.That(reply.ExternalPort, Is.EqualTo((ushort)51821));
            Assert.That(reply.LifetimeSeconds, Is.EqualTo(3600u));
            Assert.That(reply.Epoch, Is.EqualTo(16u));
        });
    }

    [Test]
    public void Decode_RefusedExternalAddressCutShort_ResultKept()
    {
        var reply = NatPmpCodec.Decode(Convert.FromHexString("00800003"));

        Assert.That(reply.Result, Is.EqualTo(NatPmpResultCode.NetworkFailure));
    }

    [TestCase("", TestName = "Decode_Empty_Malformed")]
    [TestCase("01800000000004D2CB007107", TestName = "Decode_WrongVersion_Malformed")]
    [TestCase("00000000000004D2CB007107", TestName = "Decode_Request_Malformed")]
    [TestCase("00820000000000100000000000000E10", TestName = "Decode_TcpOpcode_Malformed")]
    [TestCase("0081000000000010CA6CCA6D00000E1000", TestName = "Decode_MapReplyTooLong_Malformed")]
    [TestCase("00800000000004D2CB0071", TestName = "Decode_AddressReplyTooShort_Malformed")]
    public void Decode_Hostile_Throws(string hex)
    {
        Assert.Throws<MalformedReplyException>(() => NatPmpCodec.Decode(Convert.FromHexString(hex)));
    }
}
