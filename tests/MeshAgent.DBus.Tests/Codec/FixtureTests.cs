namespace MeshAgent.DBus.Tests.Codec;

/// <summary>Decoding messages captured from libdbus (dbus-send, dbus-daemon), sd-bus (busctl) and GLib.</summary>
public class FixtureTests
{
    private static IEnumerable<string> Names => FixtureFile.MessageNames;

    [TestCaseSource(nameof(Names))]
    public void Decode_CapturedMessage_BodyEqualsGlibDecoding(string name)
    {
        var message = MessageDecoder.Decode(FixtureFile.Bytes(name));

        Assert.That(FixtureFile.BodyText(message.Arguments), Is.EqualTo(FixtureFile.GlibText(name)));
    }

    [TestCaseSource(nameof(Names))]
    public void WriteValues_DecodedArguments_ReproducesLittleEndianBody(string name)
    {
        var message = MessageDecoder.Decode(FixtureFile.Bytes(name));
        var writer = new MessageWriter();

        writer.WriteValues(message.Arguments);

        // Big-endian fixtures are compared with their little-endian twin written by GLib.
        var expected = message.IsBigEndian
            ? MessageDecoder.Decode(FixtureFile.Bytes(name.Replace("-be-", "-le-", StringComparison.Ordinal))).Body.ToArray()
            : message.Body.ToArray();
        Assert.That(writer.ToArray(), Is.EqualTo(expected));
    }

    [TestCaseSource(nameof(Names))]
    public void Encode_DecodedMessage_DecodesToSameMessage(string name)
    {
        var original = MessageDecoder.Decode(FixtureFile.Bytes(name));
        var reencoded = MessageEncoder.Encode(DBusMessageCopy.LittleEndian(original));

        var again = MessageDecoder.Decode(reencoded);

        Assert.Multiple(() =>
        {
            Assert.That(again.Type, Is.EqualTo(original.Type));
            Assert.That(again.Serial, Is.EqualTo(original.Serial));
            Assert.That(again.Path, Is.EqualTo(original.Path));
            Assert.That(again.Interface, Is.EqualTo(original.Interface));
            Assert.That(again.Member, Is.EqualTo(original.Member));
            Assert.That(again.ErrorName, Is.EqualTo(original.ErrorName));
            Assert.That(again.ReplySerial, Is.EqualTo(original.ReplySerial));
            Assert.That(again.Destination, Is.EqualTo(original.Destination));
            Assert.That(again.Sender, Is.EqualTo(original.Sender));
            Assert.That(again.Signature, Is.EqualTo(original.Signature));
            Assert.That(again.Arguments, Is.EqualTo(original.Arguments));
        });
    }

    [Test]
    public void Decode_ListNamesCallFromDbusSend_HasHeaderFields()
    {
        var message = MessageDecoder.Decode(FixtureFile.Bytes("le-01-ListNames"));

        Assert.Multiple(() =>
        {
            Assert.That(message.Type, Is.EqualTo(MessageType.MethodCall));
            Assert.That(message.Path, Is.EqualTo(new DBusObjectPath("/org/freedesktop/DBus")));
            Assert.That(message.Interface, Is.EqualTo("org.freedesktop.DBus"));
            Assert.That(message.Member, Is.EqualTo("ListNames"));
            Assert.That(message.Destination, Is.EqualTo("org.freedesktop.DBus"));
            Assert.That(message.Sender, Does.StartWith(":1."));
            Assert.That(message.Signature, Is.Empty);
            Assert.That(message.Serial, Is.Not.Zero);
        });
    }

    [Test]
    public void Decode_ErrorFromDbusDaemon_HasErrorNameAndReplySerial()
    {
        var message = MessageDecoder.Decode(FixtureFile.Bytes("le-04-GetNameOwner-error"));

        Assert.Multiple(() =>
        {
            Assert.That(message.Type, Is.EqualTo(MessageType.Error));
            Assert.That(message.ErrorName, Is.EqualTo("org.freedesktop.DBus.Error.NameHasNoOwner"));
            Assert.That(message.ReplySerial, Is.Not.Null);
            Assert.That(message.Arguments[0].AsString(), Does.Contain("com.example.Missing"));
        });
    }

    [Test]
    public void AsPropertyMap_GetAllReplyFromDbusDaemon_MapsNamesToVariantContents()
    {
        var message = MessageDecoder.Decode(FixtureFile.Bytes("le-06-GetAll-reply"));

        var properties = message.Arguments[0].AsPropertyMap();

        Assert.That(properties["Features"].AsArray().Select(v => v.AsString()), Does.Contain("HeaderFiltering"));
        Assert.That(properties["Interfaces"].Signature, Is.EqualTo("as"));
    }

    [Test]
    public void Decode_BasicTypesFromDbusSend_ReadsEveryValue()
    {
        var a = MessageDecoder.Decode(FixtureFile.Bytes("le-07-Basic")).Arguments;

        Assert.Multiple(() =>
        {
            Assert.That(a[0].AsByte(), Is.EqualTo(7));
            Assert.That(a[1].AsBoolean(), Is.True);
            Assert.That(a[2].AsInt16(), Is.EqualTo(-2));
            Assert.That(a[3].AsUInt16(), Is.EqualTo(65535));
            Assert.That(a[4].AsInt32(), Is.EqualTo(-5));
            Assert.That(a[5].AsUInt32(), Is.EqualTo(4_000_000_000));
            Assert.That(a[6].AsInt64(), Is.EqualTo(-9_000_000_000));
            Assert.That(a[7].AsUInt64(), Is.EqualTo(18_000_000_000_000_000_000));
            Assert.That(a[8].AsDouble(), Is.EqualTo(1.5));
            Assert.That(a[9].AsString(), Is.EqualTo("héllo"));
            Assert.That(a[10].AsObjectPath().Value, Is.EqualTo("/com/example/x"));
            Assert.That(a[11].AsArray().Select(v => v.AsString()), Is.EqualTo(new[] { "a", "b" }));
            Assert.That(a[12].AsDictionary().Select(e => (e.Key.AsString(), e.Value.AsInt32())), Is.EqualTo(new[] { ("one", 1), ("two", 2) }));
            Assert.That(a[13].AsVariant().AsUInt64(), Is.EqualTo(42));
        });
    }

    [Test]
    public void AsSettingsMap_NetworkManagerStyleSettingsFromBusctl_ReadsNestedGroups()
    {
        var message = MessageDecoder.Decode(FixtureFile.Bytes("le-08-Containers"));

        var settings = message.Arguments[3].AsSettingsMap();

        Assert.That(settings["connection"]["id"].AsString(), Is.EqualTo("br0"));
        Assert.That(settings["ipv4"]["method"].AsString(), Is.EqualTo("manual"));
        var address = settings["ipv4"]["address-data"].AsArray().Single().AsPropertyMap();
        Assert.That(address["address"].AsString(), Is.EqualTo("10.10.10.1"));
        Assert.That(address["prefix"].AsUInt32(), Is.EqualTo(24));
    }

    [Test]
    public void Decode_BigEndianFromGlib_EqualsLittleEndianTwin()
    {
        var big = MessageDecoder.Decode(FixtureFile.Bytes("glib-be-AllTypes"));
        var little = MessageDecoder.Decode(FixtureFile.Bytes("glib-le-AllTypes"));

        Assert.That(big.IsBigEndian, Is.True);
        Assert.That(little.IsBigEndian, Is.False);
        Assert.That(big.Arguments, Is.EqualTo(little.Arguments));
        Assert.That(big.Arguments[6].AsUInt64(), Is.EqualTo((1UL << 63) + 5));
    }

    [Test]
    public void Decode_EmptyArraysFromGlib_SkipsElementPaddingOfEmptyArray()
    {
        // a{sv} then ax, both empty: each length is followed by padding to 8 even with no elements:
        // length 0 at 0, pad 4..8, length 0 at 8, pad 12..16.
        var message = MessageDecoder.Decode(FixtureFile.Bytes("glib-le-EmptyArrays"));

        Assert.That(message.Arguments.Select(a => a.Signature), Is.EqualTo(new[] { "a{sv}", "ax" }));
        Assert.That(message.Body.ToArray(), Is.EqualTo(new byte[16]));
    }
}
