namespace MeshAgent.DBus.Tests.Connection;

public class AddressTests
{
    [Test]
    public void ParseList_PathAndAbstractEntries_ReadsBoth()
    {
        var list = DBusAddress.ParseList("unix:path=/run/dbus/system_bus_socket;;unix:abstract=/tmp/dbus-XYZ,guid=0123");

        Assert.That(list, Has.Count.EqualTo(2));
        Assert.That(list[0].UnixPath, Is.EqualTo("/run/dbus/system_bus_socket"));
        Assert.That(list[1].UnixAbstract, Is.EqualTo("/tmp/dbus-XYZ"));
        Assert.That(list[1].Guid, Is.EqualTo("0123"));
    }

    [Test]
    public void Parse_PercentEscapes_Unescaped()
    {
        var address = DBusAddress.Parse("unix:path=/tmp/a%20b%2c%3Bc");

        Assert.That(address.UnixPath, Is.EqualTo("/tmp/a b,;c"));
        Assert.That(address.ToString(), Is.EqualTo("unix:path=/tmp/a%20b%2c%3bc"));
    }

    [TestCase("")]
    [TestCase("nocolon")]
    [TestCase("unix:path")]
    [TestCase("unix:path=/a,path=/b")]
    [TestCase("unix:path=/a%2")]
    [TestCase("unix:path=/a%zz")]
    public void ParseList_Malformed_ThrowsAddressException(string text) =>
        Assert.Throws<DBusAddressException>(() => DBusAddress.ParseList(text));

    [Test]
    public void ConnectAsync_UnsupportedTransport_ThrowsConnectFailed() =>
        Assert.ThrowsAsync<DBusConnectFailedException>(() => DBusConnection.ConnectAsync("tcp:host=127.0.0.1,port=1"));

    [Test]
    public void ConnectAsync_MalformedAddress_ThrowsConnectFailedWithAddressCause()
    {
        var e = Assert.ThrowsAsync<DBusConnectFailedException>(() => DBusConnection.ConnectAsync("garbage"));

        Assert.That(e!.InnerException, Is.InstanceOf<DBusAddressException>());
    }
}
