using MeshAgent.NetworkManager.Vrb;

namespace MeshAgent.NetworkManager.Tests.Vrb;

public sealed class VrbProfilesTests
{
    [Test]
    public void Build_LanAndManualExt_ExpectedProfiles()
    {
        var spec = new VrbSpec(
            new LanBridgeSpec("br0", InterfaceAddress.Parse("10.10.10.1/24"), Stp: false, ["eth1"]),
            new ExtBridgeSpec("br-ext", [], ExtAddressing.Manual, InterfaceAddress.Parse("2001:db8::5/64")));

        var text = string.Join("---\n", VrbProfiles.Build(spec).Select(p => p.Settings.ToString()));

        Assert.That(text, Is.EqualTo(
            "bridge.stp=false\nconnection.autoconnect=true\nconnection.id=meshagent-br0\nconnection.interface-name=br0\n" +
            "connection.type=bridge\nconnection.uuid=d5eaf52d-b1b5-5dca-a621-45fa00e3bd7f\n" +
            "ipv4.address-data=10.10.10.1/24\nipv4.method=manual\nipv6.method=disabled\n---\n" +
            "802-3-ethernet.{}\nconnection.autoconnect=true\nconnection.id=meshagent-br0-port-eth1\nconnection.interface-name=eth1\n" +
            "connection.master=br0\nconnection.slave-type=bridge\nconnection.type=802-3-ethernet\n" +
            "connection.uuid=07d40980-fa1b-5b4d-a71d-5a9d24122eca\n---\n" +
            $"bridge.stp=false\nconnection.autoconnect=true\nconnection.id=meshagent-br-ext\nconnection.interface-name=br-ext\n" +
            $"connection.type=bridge\nconnection.uuid={ProfileUuid.For("meshagent-br-ext")}\n" +
            "ipv4.method=disabled\nipv6.address-data=2001:db8::5/64\nipv6.method=manual\n"));
    }

    [Test]
    public void Build_SameInterfaceTwice_Throws() =>
        Assert.Throws<ArgumentException>(() => VrbProfiles.Build(new VrbSpec(
            new LanBridgeSpec("br0", InterfaceAddress.Parse("10.10.10.1/24"), false, ["eth1"]),
            new ExtBridgeSpec("br-ext", ["eth1"], ExtAddressing.None))));

    [Test]
    public void Build_ManualExtWithoutAddress_Throws() =>
        Assert.Throws<ArgumentException>(() => VrbProfiles.Build(new VrbSpec(null, new ExtBridgeSpec("br-ext", [], ExtAddressing.Manual))));

    [TestCase("10.10.10.1")]
    [TestCase("10.10.10.1/33")]
    [TestCase("nonsense/24")]
    [TestCase("/24")]
    public void InterfaceAddressParse_BadText_FormatException(string text) =>
        Assert.Throws<FormatException>(() => InterfaceAddress.Parse(text));
}
