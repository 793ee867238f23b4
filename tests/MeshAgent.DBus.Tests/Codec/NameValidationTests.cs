namespace MeshAgent.DBus.Tests.Codec;

public class NameValidationTests
{
    [TestCase("/", true)]
    [TestCase("/org/freedesktop/NetworkManager/Devices/3", true)]
    [TestCase("/a_b/C9", true)]
    [TestCase("", false)]
    [TestCase("a", false)]
    [TestCase("/a/", false)]
    [TestCase("//a", false)]
    [TestCase("/a.b", false)]
    [TestCase("/ä", false)]
    public void IsValidObjectPath_Path_ReturnsExpected(string path, bool valid) =>
        Assert.That(DBusNames.IsValidObjectPath(path), Is.EqualTo(valid));

    [TestCase("org.freedesktop.DBus", true)]
    [TestCase("a.b", true)]
    [TestCase("a_1.B_2", true)]
    [TestCase("nodots", false)]
    [TestCase("a..b", false)]
    [TestCase(".a.b", false)]
    [TestCase("a.b.", false)]
    [TestCase("a.1b", false)]
    [TestCase("a-b.c", false)]
    public void IsValidInterfaceName_Name_ReturnsExpected(string name, bool valid) =>
        Assert.That(DBusNames.IsValidInterfaceName(name), Is.EqualTo(valid));

    [TestCase(":1.42", true)]
    [TestCase(":1.0", true)]
    [TestCase("org.freedesktop.NetworkManager", true)]
    [TestCase("com.example-x.y", true)]
    [TestCase("com.1example", false)]
    [TestCase(":1", false)]
    [TestCase("single", false)]
    [TestCase("", false)]
    public void IsValidBusName_Name_ReturnsExpected(string name, bool valid) =>
        Assert.That(DBusNames.IsValidBusName(name), Is.EqualTo(valid));

    [TestCase("Hello", true)]
    [TestCase("Get_All2", true)]
    [TestCase("2Get", false)]
    [TestCase("Get.All", false)]
    [TestCase("", false)]
    public void IsValidMemberName_Name_ReturnsExpected(string name, bool valid) =>
        Assert.That(DBusNames.IsValidMemberName(name), Is.EqualTo(valid));

    [Test]
    public void IsValidInterfaceName_256Chars_ReturnsFalse() =>
        Assert.That(DBusNames.IsValidInterfaceName("a." + new string('b', 254)), Is.False);

    [Test]
    public void DBusObjectPath_Invalid_ThrowsInvalidObjectPath()
    {
        var e = Assert.Throws<DBusFormatException>(() => _ = new DBusObjectPath("no/slash"));

        Assert.That(e!.Error, Is.EqualTo(DBusFormatError.InvalidObjectPath));
    }
}
