using MeshAgent.DBus;
using MeshAgent.NetworkManager.Client;
using MeshAgent.NetworkManager.Settings;

namespace MeshAgent.NetworkManager.Tests.Client;

public sealed class SettingsCodecTests
{
    // Shaped like NM 1.42's GetSettings reply for a bridge (legacy "addresses" aau, "mac-address" ay, "dns" au).
    private static DBusValue NmReply() => DBusValue.SettingsMap(
    [
        new("connection",
        [
            new("id", DBusValue.String("meshagent-br0")),
            new("uuid", DBusValue.String("d5eaf52d-b1b5-5dca-a621-45fa00e3bd7f")),
            new("type", DBusValue.String("bridge")),
            new("autoconnect", DBusValue.Boolean(false)),
            new("timestamp", DBusValue.UInt64(1795308350)),
        ]),
        new("bridge", [new("stp", DBusValue.Boolean(false)), new("mac-address", DBusValue.Bytes([0x02, 0, 0, 0, 0, 1]))]),
        new("ipv4",
        [
            new("method", DBusValue.String("manual")),
            new("address-data", DBusValue.Array(DBusType.DictionaryOf(DBusType.String, DBusType.Variant),
            [
                DBusValue.PropertyMap([new("address", DBusValue.String("10.10.10.1")), new("prefix", DBusValue.UInt32(24))]),
            ])),
            new("addresses", DBusValue.Array(DBusType.ArrayOf(DBusType.UInt32), [DBusValue.Array(DBusType.UInt32, [DBusValue.UInt32(17435146), DBusValue.UInt32(24), DBusValue.UInt32(0)])])),
            new("dns", DBusValue.Array(DBusType.UInt32, [])),
            new("route-metric", DBusValue.Int64(-1)),
        ]),
        new("proxy", []),
    ]);

    [Test]
    public void Decode_NmReply_TypedWhereModelledOpaqueElsewhere()
    {
        var settings = SettingsCodec.Decode(NmReply());

        Assert.That(settings.Id, Is.EqualTo("meshagent-br0"));
        Assert.That(settings.Get("bridge", "stp"), Is.EqualTo(SettingValue.Of(false)));
        Assert.That(settings.Get("ipv4", "address-data"), Is.TypeOf<AddressDataSettingValue>().And.Property("Addresses").EqualTo(new[] { new AddressData("10.10.10.1", 24) }));
        Assert.That(settings.Get("ipv4", "addresses"), Is.TypeOf<OpaqueSettingValue>());
        Assert.That(settings.Get("connection", "timestamp")!.Signature, Is.EqualTo("t"));
        Assert.That(settings.HasSection("proxy"), Is.True);
    }

    [Test]
    public void Encode_DecodedReply_SameDBusValue()
    {
        var original = NmReply();

        var roundTripped = SettingsCodec.Encode(SettingsCodec.Decode(original));

        Assert.That(roundTripped.Signature, Is.EqualTo("a{sa{sv}}"));
        Assert.That(Normalise(roundTripped), Is.EqualTo(Normalise(original)));
    }

    [Test]
    public void Decode_NotASettingsMap_TypedError() =>
        Assert.Throws<DBusTypeMismatchException>(() => SettingsCodec.Decode(DBusValue.String("nope")));

    [Test]
    public void DecodeValue_AddressDataWithExtraKeys_KeptOpaque()
    {
        var value = DBusValue.Array(DBusType.DictionaryOf(DBusType.String, DBusType.Variant),
        [
            DBusValue.PropertyMap([new("address", DBusValue.String("10.0.0.1")), new("prefix", DBusValue.UInt32(8)), new("label", DBusValue.String("x"))]),
        ]);

        Assert.That(SettingsCodec.DecodeValue(value), Is.TypeOf<OpaqueSettingValue>());
    }

    // Sections and keys are re-ordered ordinally by ConnectionSettings; compare as sorted nested maps.
    private static string Normalise(DBusValue settings) =>
        string.Join("\n", settings.AsSettingsMap().OrderBy(s => s.Key, StringComparer.Ordinal)
            .Select(s => s.Key + ": " + string.Join("; ", s.Value.OrderBy(k => k.Key, StringComparer.Ordinal).Select(k => $"{k.Key}={k.Value}"))));
}
