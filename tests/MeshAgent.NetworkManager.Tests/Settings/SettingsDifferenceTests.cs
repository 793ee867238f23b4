using MeshAgent.NetworkManager.Settings;

namespace MeshAgent.NetworkManager.Tests.Settings;

public sealed class SettingsDifferenceTests
{
    private static readonly ConnectionSettings Desired = ConnectionSettings.Empty
        .With("connection", "id", SettingValue.Of("meshagent-br0"))
        .With("connection", "autoconnect", SettingValue.Of(true))
        .With("bridge", "stp", SettingValue.Of(false))
        .With("ipv4", "address-data", new AddressDataSettingValue([new AddressData("10.10.10.1", 24)]));

    [Test]
    public void Compare_ExtraKeysAndOmittedDefault_NoDifference()
    {
        var actual = ConnectionSettings.Empty
            .With("connection", "id", SettingValue.Of("meshagent-br0"))
            .With("connection", "timestamp", SettingValue.Of(1234u))
            .With("bridge", "stp", SettingValue.Of(false))
            .With("ipv4", "address-data", new AddressDataSettingValue([new AddressData("10.10.10.1", 24)]))
            .With("ipv4", "addresses", new OpaqueSettingValue("aau", new object(), "[[17435146, 24, 0]]"));

        Assert.That(SettingsDifference.Compare(Desired, actual), Is.Empty);
    }

    [Test]
    public void Compare_ChangedAndMissingKeys_OneLineEach()
    {
        var actual = ConnectionSettings.Empty
            .With("connection", "id", SettingValue.Of("meshagent-br0"))
            .With("connection", "autoconnect", SettingValue.Of(false))
            .With("ipv4", "address-data", new AddressDataSettingValue([new AddressData("10.10.10.2", 24)]));

        Assert.That(SettingsDifference.Compare(Desired, actual), Is.EqualTo(new[]
        {
            "bridge.stp 'true' -> 'false'", // NM's default stands in for the omitted key
            "connection.autoconnect 'false' -> 'true'",
            "ipv4.address-data '10.10.10.2/24' -> '10.10.10.1/24'",
        }));
    }

    [Test]
    public void Compare_SameTextDifferentSignature_Differs() =>
        Assert.That(
            SettingsDifference.Compare(
                ConnectionSettings.Empty.With("s", "k", SettingValue.Of(1u)),
                ConnectionSettings.Empty.With("s", "k", SettingValue.Of(1))),
            Has.Count.EqualTo(1));
}
