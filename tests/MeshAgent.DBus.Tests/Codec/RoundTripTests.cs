namespace MeshAgent.DBus.Tests.Codec;

public class RoundTripTests
{
    private static IEnumerable<TestCaseData> Values()
    {
        yield return Case("y", DBusValue.Byte(0xff));
        yield return Case("b", DBusValue.Boolean(false));
        yield return Case("n", DBusValue.Int16(short.MinValue));
        yield return Case("q", DBusValue.UInt16(ushort.MaxValue));
        yield return Case("i", DBusValue.Int32(int.MinValue));
        yield return Case("u", DBusValue.UInt32(uint.MaxValue));
        yield return Case("x", DBusValue.Int64(long.MinValue));
        yield return Case("t", DBusValue.UInt64(ulong.MaxValue));
        yield return Case("d", DBusValue.Double(double.NegativeInfinity));
        yield return Case("d NaN", DBusValue.Double(double.NaN));
        yield return Case("h", DBusValue.UnixFd(3));
        yield return Case("s", DBusValue.String("ünïcödé ✓ 𝄞"));
        yield return Case("s empty", DBusValue.String(""));
        yield return Case("o", DBusValue.ObjectPath("/org/freedesktop/NetworkManager/Devices/3"));
        yield return Case("g", DBusValue.SignatureValue("a{sa{sv}}(ii)"));
        yield return Case("ay", DBusValue.Bytes([1, 2, 3]));
        yield return Case("ay empty", DBusValue.Bytes([]));
        yield return Case("ax empty", DBusValue.Array(DBusType.Int64, []));
        yield return Case("at", DBusValue.Array(DBusType.UInt64, [DBusValue.UInt64(1), DBusValue.UInt64(2)]));
        yield return Case("a(ysx)", DBusValue.Array(DBusType.Parse("(ysx)"),
            [DBusValue.Struct(DBusValue.Byte(1), DBusValue.String("a"), DBusValue.Int64(-1)),
             DBusValue.Struct(DBusValue.Byte(2), DBusValue.String("bb"), DBusValue.Int64(long.MaxValue))]));
        yield return Case("aa(iv)", DBusValue.Array(DBusType.Parse("a(iv)"),
            [DBusValue.Array(DBusType.Parse("(iv)"), [DBusValue.Struct(DBusValue.Int32(1), DBusValue.Variant(DBusValue.Double(0.5)))]),
             DBusValue.Array(DBusType.Parse("(iv)"), [])]));
        yield return Case("vvv", DBusValue.Variant(DBusValue.Variant(DBusValue.Variant(DBusValue.StringArray(["x"])))));
        yield return Case("(y(n(q(i))))", DBusValue.Struct(DBusValue.Byte(9), DBusValue.Struct(DBusValue.Int16(-1),
            DBusValue.Struct(DBusValue.UInt16(2), DBusValue.Struct(DBusValue.Int32(3))))));
        yield return Case("a{sv}", DBusValue.PropertyMap([new("a", DBusValue.UInt32(1)), new("b", DBusValue.Bytes([9]))]));
        yield return Case("a{sa{sv}}", DBusValue.SettingsMap([
            new("connection", [new("id", DBusValue.String("br0")), new("autoconnect", DBusValue.Boolean(true))]),
            new("ipv6", [new("method", DBusValue.String("disabled"))]),
            new("empty", [])]));
        yield return Case("a{ox}", DBusValue.Dictionary(DBusType.ObjectPath, DBusType.Int64,
            [new(DBusValue.ObjectPath("/a"), DBusValue.Int64(5))]));
        yield return Case("ao", DBusValue.ObjectPathArray([new DBusObjectPath("/"), new DBusObjectPath("/x/y")]));
    }

    [TestCaseSource(nameof(Values))]
    public void ReadValue_AfterWriteValueAtEveryOffset_ReturnsEqualValue(DBusValue value)
    {
        // A leading byte prefix of 0..7 moves the value through every alignment position.
        for (var prefix = 0; prefix < 8; prefix++)
        {
            var writer = new MessageWriter();
            for (var i = 0; i < prefix; i++)
            {
                writer.WriteByte(0xAA);
            }

            writer.WriteValue(value);
            var reader = new MessageReader(writer.WrittenSpan, bigEndian: false);
            for (var i = 0; i < prefix; i++)
            {
                reader.ReadByte();
            }

            var read = reader.ReadValue(value.Type);

            Assert.That(read, Is.EqualTo(value), $"prefix {prefix}");
            Assert.That(reader.Remaining, Is.Zero, $"prefix {prefix}");
        }
    }

    [TestCaseSource(nameof(Values))]
    public void Decode_EncodedSignalCarryingValue_ReturnsEqualArguments(DBusValue value)
    {
        var message = DBusMessage.CreateSignal(new DBusObjectPath("/t"), "com.example.T", "S", [DBusValue.Byte(1), value, DBusValue.Variant(value)]);
        var bytes = MessageEncoder.Encode(WithSerial(message, 5));

        var decoded = MessageDecoder.Decode(bytes);

        Assert.That(decoded.Arguments, Is.EqualTo(message.Arguments));
        Assert.That(decoded.Signature, Is.EqualTo("y" + value.Signature + "v"));
    }

    [Test]
    public void BeginArray_EmptyArrayOfStructs_PadsAfterLengthButCountsZero()
    {
        var writer = new MessageWriter();
        writer.WriteByte(1);
        writer.WriteValue(DBusValue.Array(DBusType.Parse("(ii)"), []));

        // byte, pad to 4, length 0, pad to 8 (not counted).
        Assert.That(writer.ToArray(), Is.EqualTo(new byte[] { 1, 0, 0, 0, 0, 0, 0, 0 }));
    }

    [Test]
    public void WriteString_WithNul_ThrowsInvalidString()
    {
        var writer = new MessageWriter();

        var e = Assert.Throws<DBusFormatException>(() => writer.WriteString("a\0b"));

        Assert.That(e!.Error, Is.EqualTo(DBusFormatError.InvalidString));
    }

    [Test]
    public void String_WithLoneSurrogate_ThrowsInvalidString()
    {
        var e = Assert.Throws<DBusFormatException>(() => DBusValue.String("a\ud800"));

        Assert.That(e!.Error, Is.EqualTo(DBusFormatError.InvalidString));
    }

    [Test]
    public void ToString_PropertyMap_PrintsLikeGlib()
    {
        var map = DBusValue.PropertyMap([new("a", DBusValue.UInt32(1)), new("it's", DBusValue.Double(2))]);

        Assert.That(map.ToString(), Is.EqualTo("{'a': <uint32 1>, \"it's\": <2.0>}"));
    }

    [Test]
    public void AsUInt32_OnString_ThrowsTypeMismatch()
    {
        var e = Assert.Throws<DBusTypeMismatchException>(() => DBusValue.String("x").AsUInt32());

        Assert.That((e!.Expected, e.Actual), Is.EqualTo(("u", "s")));
    }

    private static TestCaseData Case(string name, DBusValue value) => new TestCaseData(value).SetArgDisplayNames(name);

    internal static DBusMessage WithSerial(DBusMessage m, uint serial) => new()
    {
        Type = m.Type, Flags = m.Flags, Serial = serial, Path = m.Path, Interface = m.Interface, Member = m.Member,
        ErrorName = m.ErrorName, ReplySerial = m.ReplySerial, Destination = m.Destination, Sender = m.Sender,
        Signature = m.Signature, UnixFds = m.UnixFds, Body = m.Body,
    };
}
