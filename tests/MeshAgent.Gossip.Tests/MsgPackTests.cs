using MeshAgent.Gossip.Codec;

namespace MeshAgent.Gossip.Tests;

public class MsgPackTests
{
    [TestCase(0UL, "00")]
    [TestCase(127UL, "7f")]
    [TestCase(128UL, "cc80")]
    [TestCase(27946UL, "cd6d2a")]
    [TestCase(70000UL, "ce00011170")]
    [TestCase(5000000000UL, "cf000000012a05f200")]
    public void WriteUInt_Value_SmallestEncoding(ulong value, string hex)
    {
        var w = new MsgPackWriter();
        w.WriteUInt(value);
        Assert.That(Convert.ToHexStringLower(w.WrittenSpan), Is.EqualTo(hex));
        var r = new MsgPackReader(w.WrittenSpan);
        Assert.That(r.ReadUInt64(), Is.EqualTo(value));
    }

    [TestCase(-1L, "ff")]
    [TestCase(-33L, "d0df")]
    [TestCase(200L, "d100c8")]
    [TestCase(-40000L, "d2ffff63c0")]
    public void WriteInt_Value_SignedEncodingRoundTrips(long value, string hex)
    {
        var w = new MsgPackWriter();
        w.WriteInt(value);
        Assert.That(Convert.ToHexStringLower(w.WrittenSpan), Is.EqualTo(hex));
        var r = new MsgPackReader(w.WrittenSpan);
        Assert.That(r.ReadInt64(), Is.EqualTo(value));
    }

    [Test]
    public void WriteString_Lengths_UseRawNotStr8()
    {
        foreach (int n in new[] { 0, 31, 32, 255, 70000 })
        {
            var w = new MsgPackWriter();
            w.WriteString(new string('x', n));
            byte first = w.WrittenSpan[0];
            Assert.That(first, n < 32 ? Is.EqualTo((byte)(0xa0 | n)) : n <= 65535 ? Is.EqualTo((byte)0xda) : Is.EqualTo((byte)0xdb));
            var r = new MsgPackReader(w.WrittenSpan);
            Assert.That(r.ReadString(), Has.Length.EqualTo(n));
        }
    }

    [TestCase("d903616263")]
    [TestCase("c403616263")]
    [TestCase("c50003616263")]
    public void ReadString_Str8AndBin_Accepted(string hex)
    {
        var r = new MsgPackReader(Convert.FromHexString(hex));
        Assert.That(r.ReadString(), Is.EqualTo("abc"));
    }

    [TestCase("dbffffffff")]
    [TestCase("dfffffffff")]
    [TestCase("ddffffff00")]
    [TestCase("a5616263")]
    public void Read_LengthBeyondData_ThrowsTyped(string hex)
    {
        var data = Convert.FromHexString(hex);
        Assert.Throws<MsgPackException>(() => { var r = new MsgPackReader(data); r.Skip(); });
    }

    [Test]
    public void Skip_DeepNesting_ThrowsTyped()
    {
        var data = Enumerable.Repeat((byte)0x91, 1000).Append((byte)0x00).ToArray();
        Assert.Throws<MsgPackException>(() => { var r = new MsgPackReader(data); r.Skip(); });
    }

    [Test]
    public void ReadByteList_ArrayOrRaw_SameResult()
    {
        var asArray = new MsgPackReader(Convert.FromHexString("93010502")).ReadByteList();
        var asRaw = new MsgPackReader(Convert.FromHexString("a3010502")).ReadByteList();
        Assert.That(asArray, Is.EqualTo(asRaw));
        Assert.That(asArray, Is.EqualTo(new byte[] { 1, 5, 2 }));
    }
}
