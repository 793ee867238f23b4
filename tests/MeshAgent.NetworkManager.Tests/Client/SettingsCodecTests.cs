using MeshAgent.NetworkManager.Client;
using MeshAgent.NetworkManager.Settings;
using Tmds.DBus.Protocol;

namespace MeshAgent.NetworkManager.Tests.Client;

public sealed class SettingsCodecTests
{
    // Shaped like NM 1.42's GetSettings reply for a bridge (legacy "addresses" aau, "mac-address" ay, "dns" au),
    // as Tmds.DBus.Protocol's reader hands it over: section -> key -> value.
    internal static List<KeyValuePair<string, Dictionary<string, VariantValue>>> NmReply() =>
    [
        new("connection", new()
        {
            ["id"] = VariantValue.String("meshagent-br0"),
            ["uuid"] = VariantValue.String("d5eaf52d-b1b5-5dca-a621-45fa00e3bd7f"),
            ["type"] = VariantValue.String("bridge"),
            ["autoconnect"] = VariantValue.Bool(false),
            ["timestamp"] = VariantValue.UInt64(1795308350),
        }),
        new("bridge", new()
        {
            ["stp"] = VariantValue.Bool(false),
            ["mac-address"] = VariantValue.Array(new byte[] { 0x02, 0, 0, 0, 0, 1 }),
        }),
        new("ipv4", new()
        {
            ["method"] = VariantValue.String("manual"),
            ["address-data"] = AddressData(("10.10.10.1", 24u)),
            ["addresses"] = new Array<Array<uint>>([new Array<uint>([17435146u, 24u, 0u])]).AsVariantValue(),
            ["dns"] = VariantValue.Array(System.Array.Empty<uint>()),
            ["route-metric"] = VariantValue.Int64(-1),
        }),
        new("proxy", new()),
    ];

    internal static VariantValue AddressData(params (string Address, uint Prefix)[] entries) =>
        new Array<Dict<string, VariantValue>>(entries.Select(e => new Dict<string, VariantValue>
        {
            ["address"] = VariantValue.String(e.Address),
            ["prefix"] = VariantValue.UInt32(e.Prefix),
        })).AsVariantValue();

    [Test]
    public void Decode_NmReply_TypedWhereModelledOpaqueElsewhere()
    {
        var settings = SettingsCodec.Decode(NmReply());

        Assert.That(settings.Id, Is.EqualTo("meshagent-br0"));
        Assert.That(settings.Get("bridge", "stp"), Is.EqualTo(SettingValue.Of(false)));
        Assert.That(settings.Get("ipv4", "address-data"), Is.TypeOf<AddressDataSettingValue>().And.Property("Addresses").EqualTo(new[] { new AddressData("10.10.10.1", 24) }));
        Assert.That(settings.Get("ipv4", "addresses"), Is.TypeOf<OpaqueSettingValue>());
        Assert.That(settings.Get("ipv4", "addresses")!.Signature, Is.EqualTo("aau"));
        Assert.That(settings.Get("bridge", "mac-address")!.Signature, Is.EqualTo("ay"));
        Assert.That(settings.Get("ipv4", "dns")!.Signature, Is.EqualTo("au"));
        Assert.That(settings.Get("connection", "timestamp")!.Signature, Is.EqualTo("t"));
        Assert.That(settings.HasSection("proxy"), Is.True);
    }

    [Test]
    public void Decode_OpaqueValue_KeepsTheLibraryValueToSendBackUnchanged()
    {
        var reply = NmReply();
        var original = reply[2].Value["addresses"];

        var decoded = (OpaqueSettingValue)SettingsCodec.Decode(reply).Get("ipv4", "addresses")!;

        // The very value (same items), not a re-encoding: it is written back as the library read it.
        Assert.That(decoded.Raw, Is.EqualTo(original));
        Assert.That(decoded.ToString(), Is.EqualTo(original.ToString()));
    }

    [Test]
    public void Decode_EmptySectionName_TypedError() =>
        Assert.Throws<SettingsFormatException>(() => SettingsCodec.Decode([new("", new() { ["id"] = VariantValue.String("x") })]));

    [Test]
    public void Decode_ValueWithoutType_TypedError() =>
        Assert.Throws<SettingsFormatException>(() => SettingsCodec.Decode([new("connection", new() { ["id"] = default })]));

    [Test]
    public void DecodeValue_AddressDataWithExtraKeys_KeptOpaque()
    {
        var value = new Array<Dict<string, VariantValue>>(
        [
            new Dict<string, VariantValue> { ["address"] = VariantValue.String("10.0.0.1"), ["prefix"] = VariantValue.UInt32(8), ["label"] = VariantValue.String("x") },
        ]).AsVariantValue();

        Assert.That(SettingsCodec.DecodeValue(value), Is.TypeOf<OpaqueSettingValue>());
    }

    [Test]
    public void DecodeValue_AddressDataPrefixOfOtherType_KeptOpaque() =>
        Assert.That(
            SettingsCodec.DecodeValue(new Array<Dict<string, VariantValue>>(
            [
                new Dict<string, VariantValue> { ["address"] = VariantValue.String("10.0.0.1"), ["prefix"] = VariantValue.Int32(8) },
            ]).AsVariantValue()),
            Is.TypeOf<OpaqueSettingValue>());
}
