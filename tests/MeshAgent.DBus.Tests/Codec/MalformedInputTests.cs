namespace MeshAgent.DBus.Tests.Codec;

public class MalformedInputTests
{
    [Test]
    public void Decode_ArrayLengthAbove64MiB_ThrowsLimitExceeded()
    {
        var body = RawMessage.Body(w => w.WriteUInt32(DBusLimits.MaxArrayLength + 1));

        AssertError(RawMessage.Signal("ay", body), DBusFormatError.LimitExceeded);
    }

    [Test]
    public void TryGetMessageLength_BodyAbove128MiB_ThrowsLimitExceeded()
    {
        var bytes = RawMessage.Signal("", []);
        BitConverter.TryWriteBytes(bytes.AsSpan(4), (uint)DBusLimits.MaxMessageLength);

        var e = Assert.Throws<DBusFormatException>(() => MessageDecoder.TryGetMessageLength(bytes, out _));

        Assert.That(e!.Error, Is.EqualTo(DBusFormatError.LimitExceeded));
    }

    [Test]
    public void Decode_ArrayLongerThanData_ThrowsTruncated()
    {
        var body = RawMessage.Body(w => { w.WriteUInt32(100); w.WriteUInt32(1); });

        AssertError(RawMessage.Signal("au", body), DBusFormatError.Truncated);
    }

    [Test]
    public void Decode_StringLengthHuge_ThrowsTruncatedWithoutAllocating()
    {
        var body = RawMessage.Body(w => w.WriteUInt32(0xFFFFFFF0));

        AssertError(RawMessage.Signal("s", body), DBusFormatError.Truncated);
    }

    [Test]
    public void Decode_BooleanTwo_ThrowsInvalidBoolean()
    {
        AssertError(RawMessage.Signal("b", RawMessage.Body(w => w.WriteUInt32(2))), DBusFormatError.InvalidBoolean);
    }

    [Test]
    public void Decode_NonZeroPadding_ThrowsNonZeroPadding()
    {
        var body = RawMessage.Body(w => { w.WriteByte(1); w.WriteByte(0); w.WriteByte(0); w.WriteByte(0); w.WriteUInt32(5); });
        body[2] = 0x55;

        AssertError(RawMessage.Signal("yu", body), DBusFormatError.NonZeroPadding);
    }

    [TestCase(new byte[] { 0xC3, 0x28 }, TestName = "Decode_InvalidUtf8_ThrowsInvalidString")]
    [TestCase(new byte[] { (byte)'a', 0, (byte)'b' }, TestName = "Decode_EmbeddedNul_ThrowsInvalidString")]
    [TestCase(new byte[] { 0xED, 0xA0, 0x80 }, TestName = "Decode_EncodedSurrogate_ThrowsInvalidString")]
    public void Decode_BadStringBytes_ThrowsInvalidString(byte[] text)
    {
        var body = RawMessage.Body(w => { w.WriteUInt32((uint)text.Length); foreach (var b in text) { w.WriteByte(b); } w.WriteByte(0); });

        AssertError(RawMessage.Signal("s", body), DBusFormatError.InvalidString);
    }

    [Test]
    public void Decode_StringWithoutTerminatingNul_ThrowsInvalidString()
    {
        var body = RawMessage.Body(w => { w.WriteUInt32(1); w.WriteByte((byte)'a'); w.WriteByte((byte)'b'); });

        AssertError(RawMessage.Signal("s", body), DBusFormatError.InvalidString);
    }

    [TestCase("a//b")]
    [TestCase("/a/")]
    [TestCase("/a-b")]
    [TestCase("")]
    public void Decode_InvalidObjectPathInBody_ThrowsInvalidObjectPath(string path)
    {
        var body = RawMessage.Body(w => w.WriteString(path));

        AssertError(RawMessage.Signal("o", body), DBusFormatError.InvalidObjectPath);
    }

    [Test]
    public void Decode_BodyBytesBeyondSignature_ThrowsLengthMismatch()
    {
        AssertError(RawMessage.Signal("y", [1, 2]), DBusFormatError.LengthMismatch);
    }

    [Test]
    public void Decode_ArrayElementOverrunsArrayLength_ThrowsLengthMismatch()
    {
        // Length 2 but the element is a 4-byte UINT32.
        var body = RawMessage.Body(w => { w.WriteUInt32(2); w.WriteUInt32(7); });

        AssertError(RawMessage.Signal("au", body), DBusFormatError.LengthMismatch);
    }

    [Test]
    public void Decode_VariantsNested64_Accepted()
    {
        var bytes = RawMessage.Signal("v", NestedVariants(64));

        Assert.That(MessageDecoder.Decode(bytes).Arguments[0].Unwrap().AsByte(), Is.EqualTo(42));
    }

    [Test]
    public void Decode_VariantsNested65_ThrowsNestingTooDeep()
    {
        AssertError(RawMessage.Signal("v", NestedVariants(65)), DBusFormatError.NestingTooDeep);
    }

    [Test]
    public void Decode_VariantHoldingTwoTypes_ThrowsInvalidSignature()
    {
        var body = RawMessage.Body(w => { w.WriteByte(2); w.WriteByte((byte)'y'); w.WriteByte((byte)'y'); w.WriteByte(0); w.WriteByte(1); w.WriteByte(2); });

        AssertError(RawMessage.Signal("v", body), DBusFormatError.InvalidSignature);
    }

    [Test]
    public void Decode_WrongByteOrderMark_ThrowsInvalidHeader()
    {
        AssertError(RawMessage.Build(4, [], order: (byte)'x'), DBusFormatError.InvalidHeader);
    }

    [Test]
    public void Decode_ProtocolVersion2_ThrowsInvalidHeader()
    {
        AssertError(RawMessage.Build(4, [], version: 2), DBusFormatError.InvalidHeader);
    }

    [Test]
    public void Decode_SerialZero_ThrowsInvalidHeader()
    {
        AssertError(RawMessage.Build(2, [(5, DBusValue.UInt32(1))], serial: 0), DBusFormatError.InvalidHeader);
    }

    [Test]
    public void Decode_MethodCallWithoutMember_ThrowsInvalidHeader()
    {
        AssertError(RawMessage.Build(1, [(1, DBusValue.ObjectPath("/a"))]), DBusFormatError.InvalidHeader);
    }

    [Test]
    public void Decode_ErrorWithoutReplySerial_ThrowsInvalidHeader()
    {
        AssertError(RawMessage.Build(3, [(4, DBusValue.String("a.b"))]), DBusFormatError.InvalidHeader);
    }

    [Test]
    public void Decode_HeaderFieldWithWrongType_ThrowsInvalidHeader()
    {
        AssertError(RawMessage.Build(2, [(5, DBusValue.String("1"))]), DBusFormatError.InvalidHeader);
    }

    [Test]
    public void Decode_DuplicateHeaderField_ThrowsInvalidHeader()
    {
        AssertError(RawMessage.Build(2, [(5, DBusValue.UInt32(1)), (5, DBusValue.UInt32(2))]), DBusFormatError.InvalidHeader);
    }

    [Test]
    public void Decode_InvalidInterfaceNameInHeader_ThrowsInvalidName()
    {
        AssertError(RawMessage.Build(4, [(1, DBusValue.ObjectPath("/a")), (2, DBusValue.String("nodots")), (3, DBusValue.String("M"))]),
            DBusFormatError.InvalidName);
    }

    [Test]
    public void Decode_BodyWithoutSignatureField_ThrowsInvalidHeader()
    {
        AssertError(RawMessage.Build(2, [(5, DBusValue.UInt32(1))], body: [1]), DBusFormatError.InvalidHeader);
    }

    [Test]
    public void Decode_UnknownHeaderField_IsIgnored()
    {
        var bytes = RawMessage.Build(2, [(5, DBusValue.UInt32(9)), (200, DBusValue.String("future"))]);

        Assert.That(MessageDecoder.Decode(bytes).ReplySerial, Is.EqualTo(9));
    }

    [Test]
    public void Decode_TrailingBytesAfterMessage_ThrowsLengthMismatch()
    {
        var bytes = RawMessage.Build(2, [(5, DBusValue.UInt32(1))]);

        AssertError([.. bytes, 0], DBusFormatError.LengthMismatch);
    }

    [Test]
    public void Decode_BigEndianMessage_ReadsHeaderAndBody()
    {
        // Hand-assembled: 'B', signal, no flags, v1, body 4 bytes, serial 7, fields PATH /a, INTERFACE a.b, MEMBER M, SIGNATURE u.
        byte[] bytes =
        [
            (byte)'B', 4, 0, 1, 0, 0, 0, 4, 0, 0, 0, 7, 0, 0, 0, 0x37,
            1, 1, (byte)'o', 0, 0, 0, 0, 2, (byte)'/', (byte)'a', 0, 0, 0, 0, 0, 0,
            2, 1, (byte)'s', 0, 0, 0, 0, 3, (byte)'a', (byte)'.', (byte)'b', 0, 0, 0, 0, 0,
            3, 1, (byte)'s', 0, 0, 0, 0, 1, (byte)'M', 0, 0, 0, 0, 0, 0, 0,
            8, 1, (byte)'g', 0, 1, (byte)'u', 0, 0,
            0x12, 0x34, 0x56, 0x78,
        ];

        var message = MessageDecoder.Decode(bytes);

        Assert.That((message.Path?.Value, message.Interface, message.Member, message.Serial), Is.EqualTo(("/a", "a.b", "M", 7u)));
        Assert.That(message.Arguments[0].AsUInt32(), Is.EqualTo(0x12345678u));
    }

    private static byte[] NestedVariants(int depth) => RawMessage.Body(w =>
    {
        for (var i = 0; i < depth - 1; i++)
        {
            w.WriteSignature("v");
        }

        w.WriteSignature("y");
        w.WriteByte(42);
    });

    private static void AssertError(byte[] bytes, DBusFormatError expected)
    {
        var e = Assert.Throws<DBusFormatException>(() => MessageDecoder.Decode(bytes));

        Assert.That(e!.Error, Is.EqualTo(expected), e.Message);
    }
}
