namespace MeshAgent.DBus.Tests.Connection;

public class MatchRuleTests
{
    [Test]
    public void ToString_AllMembers_RendersQuotedRule()
    {
        var rule = new MatchRule
        {
            Type = MessageType.Signal, Sender = "org.freedesktop.NetworkManager", Interface = "org.freedesktop.DBus.Properties",
            Member = "PropertiesChanged", PathNamespace = new DBusObjectPath("/org/freedesktop/NetworkManager"),
            Args = new Dictionary<int, string> { [0] = "it's" },
        };

        Assert.That(rule.ToString(), Is.EqualTo(
            "type='signal',sender='org.freedesktop.NetworkManager',interface='org.freedesktop.DBus.Properties'," +
            "member='PropertiesChanged',path_namespace='/org/freedesktop/NetworkManager',arg0='it'\\''s'"));
    }

    [TestCase("/org/a", true)]
    [TestCase("/org/a/b", true)]
    [TestCase("/org/ab", false)]
    [TestCase("/org", false)]
    public void Matches_PathNamespace_MatchesPathAndChildrenOnly(string path, bool expected)
    {
        var rule = new MatchRule { PathNamespace = new DBusObjectPath("/org/a") };

        Assert.That(rule.Matches(Signal(path, "M", [])), Is.EqualTo(expected));
    }

    [Test]
    public void Matches_Arg0_ComparesFirstStringArgument()
    {
        var rule = new MatchRule { Member = "M", Args = new Dictionary<int, string> { [0] = "x" } };

        Assert.That(rule.Matches(Signal("/a", "M", [DBusValue.String("x")])), Is.True);
        Assert.That(rule.Matches(Signal("/a", "M", [DBusValue.String("y")])), Is.False);
        Assert.That(rule.Matches(Signal("/a", "M", [DBusValue.UInt32(1)])), Is.False);
        Assert.That(rule.Matches(Signal("/a", "N", [DBusValue.String("x")])), Is.False);
    }

    [Test]
    public void Matches_UniqueSender_ComparedLocally()
    {
        var rule = new MatchRule { Sender = ":1.5" };
        var message = MessageDecoder.Decode(Codec.FixtureFile.Bytes("le-08-Containers"));

        Assert.That(rule.Matches(message), Is.EqualTo(message.Sender == ":1.5"));
        Assert.That(new MatchRule { Sender = ":1.999" }.Matches(message), Is.False);
    }

    private static DBusMessage Signal(string path, string member, IReadOnlyList<DBusValue> args) =>
        DBusMessage.CreateSignal(new DBusObjectPath(path), "com.example.I", member, args);
}
