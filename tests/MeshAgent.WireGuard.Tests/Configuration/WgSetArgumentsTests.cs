using System.Net;
using MeshAgent.WireGuard.Configuration;

namespace MeshAgent.WireGuard.Tests.Configuration;

public sealed class WgSetArgumentsTests
{
    private const string Pub = "bfcBmdKiXyd821U+M2JhXt1K2JhCiRL2TgJDRXRnwmg=";
    private const string Psk = "gq5gqQqar8MyghO/HQ+JX3UPE3CbY6maaeNvSkMYoBA=";

    [Test]
    public void Parse_FullCommandLine_BuildsTheChange()
    {
        var files = new Dictionary<string, string> { ["/k"] = Psk + "\n", ["/psk"] = Psk };
        var config = WgSetArguments.Parse(
            ["listen-port", "51820", "fwmark", "0x10", "private-key", "/k", "peer", Pub, "preshared-key", "/psk", "endpoint", "[2001:db8::1]:5",
             "persistent-keepalive", "25", "allowed-ips", "10.0.0.0/24, fd00::/64", "peer", Psk, "remove"],
            path => files[path]);

        Assert.That(config.ListenPort, Is.EqualTo(51820));
        Assert.That(config.FirewallMark, Is.EqualTo(0x10u));
        Assert.That(config.PrivateKey?.ToBase64(), Is.EqualTo(Psk));
        Assert.That(config.Peers, Has.Count.EqualTo(2));
        var peer = config.Peers[0];
        Assert.That(peer.PresharedKey?.ToBase64(), Is.EqualTo(Psk));
        Assert.That(peer.Endpoint, Is.EqualTo(IPEndPoint.Parse("[2001:db8::1]:5")));
        Assert.That(peer.PersistentKeepalive, Is.EqualTo(TimeSpan.FromSeconds(25)));
        Assert.That(peer.ReplaceAllowedIPs, Is.True, "wg set always replaces allowed IPs it is given");
        Assert.That(peer.AllowedIPs, Has.Count.EqualTo(2));
        Assert.That(config.Peers[1].Remove, Is.True);
    }

    [Test]
    public void Parse_EmptyAllowedIPsAndEmptyKeyFile_ClearThem()
    {
        var config = WgSetArguments.Parse(["peer", Pub, "allowed-ips", "", "preshared-key", "/dev/null"], _ => string.Empty);
        Assert.That(config.Peers[0].ReplaceAllowedIPs, Is.True);
        Assert.That(config.Peers[0].AllowedIPs, Is.Empty);
        Assert.That(config.Peers[0].PresharedKey, Is.EqualTo(default(WireGuardKey)));
    }

    [TestCase(new[] { "bogus" }, "Invalid argument: bogus")]
    [TestCase(new[] { "remove" }, "Invalid argument: remove")]
    [TestCase(new[] { "peer", Pub, "listen-port", "5" }, "Invalid argument: listen-port")]
    [TestCase(new[] { "peer", "abc" }, "Key is not the correct length or format: `abc'")]
    [TestCase(new[] { "listen-port" }, "Invalid argument: listen-port")]
    [TestCase(new[] { "peer", Pub, "allowed-ips", "10.0.0.1/40" }, "AllowedIP is not in the correct format: `10.0.0.1/40'")]
    public void Parse_BadArguments_ThrowsWithWgWording(string[] arguments, string reason)
    {
        var exception = Assert.Throws<WgConfigException>(() => WgSetArguments.Parse(arguments, _ => string.Empty));
        Assert.That(exception!.Reason, Is.EqualTo(reason));
    }

    [TestCase("short", "Invalid length key in key file")]
    [TestCase(Psk + " x", "Found trailing character in key file: `x'")]
    public void ParseKeyFile_Malformed_Throws(string content, string reason)
    {
        var exception = Assert.Throws<WgConfigException>(() => WgSetArguments.ParseKeyFile(content));
        Assert.That(exception!.Reason, Is.EqualTo(reason));
    }
}
