namespace MeshAgent.Netlink.Tests;

public sealed class NetlinkMessageBuilderTests
{
    [Test]
    public void ToArray_GenericRequestWithString_MatchesHandEncodedBytes()
    {
        // CTRL_CMD_GETFAMILY "nlctrl" as include/uapi/linux/netlink.h and genetlink.h lay it out:
        // nlmsghdr{len 32, type 0x10, flags REQUEST|ACK, seq 7, pid 0}, genlmsghdr{cmd 3, version 1},
        // nlattr{len 11, type CTRL_ATTR_FAMILY_NAME=2} "nlctrl\0" + 1 byte padding.
        var builder = new NetlinkMessageBuilder(0x10, NetlinkMessageFlags.Request | NetlinkMessageFlags.Ack);
        builder.AddGenericHeader(3, 1);
        builder.AddString(2, "nlctrl");

        var bytes = builder.ToArray(7);

        Assert.That(Convert.ToHexStringLower(bytes), Is.EqualTo(
            "20000000" + "1000" + "0500" + "07000000" + "00000000"
            + "03010000"
            + "0b00" + "0200" + "6e6c6374726c00" + "00"));
    }

    [Test]
    public void EndNested_TwoLevels_SetsLengthsAndNestedFlag()
    {
        var builder = new NetlinkMessageBuilder(16, 0);
        var outer = builder.BeginNested(18);
        var inner = builder.BeginNested(1);
        builder.AddU8(3, 0xAB);
        builder.EndNested(inner);
        builder.EndNested(outer);

        var bytes = builder.ToArray(1);

        // outer: 4 + inner (4 + u8 attribute 5 padded to 8) = 16; inner = 12.
        Assert.That(Convert.ToHexStringLower(bytes.AsSpan(16)), Is.EqualTo("10001280" + "0c000180" + "05000300ab000000"));
        var message = NetlinkMessage.ParseDatagram(bytes).Single();
        var reader = message.Attributes(0);
        Assert.That(reader.MoveNext(), Is.True);
        Assert.That(reader.Current.IsNestedFlagSet, Is.True);
    }

    [Test]
    public void Rewind_AfterAttributes_DropsThem()
    {
        var builder = new NetlinkMessageBuilder(16, 0);
        builder.AddU32(1, 5);
        var mark = builder.Length;
        builder.AddBytes(2, new byte[100]);

        builder.Rewind(mark);

        Assert.That(builder.ToArray(1), Has.Length.EqualTo(16 + 8));
    }

    [Test]
    public void EndNested_BeyondSixteenBits_Throws()
    {
        var builder = new NetlinkMessageBuilder(16, 0);
        var nest = builder.BeginNested(1);
        for (var i = 0; i < 20; i++)
        {
            builder.AddBytes(2, new byte[4000]);
        }

        Assert.Throws<InvalidOperationException>(() => builder.EndNested(nest));
    }

    [Test]
    public void AddU16_OddPayload_PadsToFourBytes()
    {
        var builder = new NetlinkMessageBuilder(16, 0);
        builder.AddU16(6, 51820);
        builder.AddU32(7, 1);

        var bytes = builder.ToArray(1);

        Assert.That(Convert.ToHexStringLower(bytes.AsSpan(16)), Is.EqualTo("06000600" + "6cca0000" + "08000700" + "01000000"));
    }
}
