namespace MeshAgent.DBus.Tests.Codec;

public class SignatureParserTests
{
    [TestCase("", 0)]
    [TestCase("ybnqiuxtdhsogv", 14)]
    [TestCase("a{sa{sv}}ua{sv}", 3)]
    [TestCase("a(ii)aay(s(v))", 3)]
    public void Parse_ValidSignature_ReturnsCompleteTypes(string signature, int count)
    {
        var types = SignatureParser.Parse(signature);

        Assert.That(types, Has.Count.EqualTo(count));
        Assert.That(string.Concat(types.Select(t => t.Signature)), Is.EqualTo(signature));
    }

    [TestCase("a", DBusFormatError.InvalidSignature)]
    [TestCase("()", DBusFormatError.InvalidSignature)]
    [TestCase("(i", DBusFormatError.InvalidSignature)]
    [TestCase("i)", DBusFormatError.InvalidSignature)]
    [TestCase("{sv}", DBusFormatError.InvalidSignature)]
    [TestCase("a{vs}", DBusFormatError.InvalidSignature)]
    [TestCase("a{(i)s}", DBusFormatError.InvalidSignature)]
    [TestCase("a{sss}", DBusFormatError.InvalidSignature)]
    [TestCase("a{s}", DBusFormatError.InvalidSignature)]
    [TestCase("m", DBusFormatError.InvalidSignature)]
    [TestCase("r", DBusFormatError.InvalidSignature)]
    [TestCase("i\0", DBusFormatError.InvalidSignature)]
    public void Parse_InvalidSignature_ThrowsTypedError(string signature, DBusFormatError error)
    {
        var e = Assert.Throws<DBusFormatException>(() => SignatureParser.Parse(signature));

        Assert.That(e!.Error, Is.EqualTo(error));
    }

    [Test]
    public void Parse_256Bytes_ThrowsLimitExceeded()
    {
        var e = Assert.Throws<DBusFormatException>(() => SignatureParser.Parse(new string('i', 256)));

        Assert.That(e!.Error, Is.EqualTo(DBusFormatError.LimitExceeded));
    }

    [Test]
    public void Parse_255Bytes_Accepted()
    {
        Assert.That(SignatureParser.Parse(new string('i', 255)), Has.Count.EqualTo(255));
    }

    [Test]
    public void Parse_32NestedArrays_Accepted() => Assert.That(SignatureParser.IsValid(new string('a', 32) + "i"), Is.True);

    [Test]
    public void Parse_33NestedArrays_ThrowsNestingTooDeep() => AssertDepth(new string('a', 33) + "i");

    [Test]
    public void Parse_32NestedStructs_Accepted() => Assert.That(SignatureParser.IsValid(new string('(', 32) + "i" + new string(')', 32)), Is.True);

    [Test]
    public void Parse_33NestedStructs_ThrowsNestingTooDeep() => AssertDepth(new string('(', 33) + "i" + new string(')', 33));

    [Test]
    public void Parse_32StructsAroundDictEntry_ThrowsNestingTooDeep() => AssertDepth(new string('(', 32) + "a{si}" + new string(')', 32));

    [Test]
    public void Parse_32ArraysAnd32Structs_Accepted()
    {
        var signature = new string('a', 32) + new string('(', 32) + "i" + new string(')', 32);

        Assert.That(SignatureParser.IsValid(signature), Is.True);
    }

    private static void AssertDepth(string signature)
    {
        var e = Assert.Throws<DBusFormatException>(() => SignatureParser.Parse(signature));

        Assert.That(e!.Error, Is.EqualTo(DBusFormatError.NestingTooDeep));
    }
}
