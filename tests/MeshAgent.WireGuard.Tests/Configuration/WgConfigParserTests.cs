using System.Net;
using MeshAgent.WireGuard.Configuration;

namespace MeshAgent.WireGuard.Tests.Configuration;

public sealed class WgConfigParserTests
{
    private const string Pub1 = "bfcBmdKiXyd821U+M2JhXt1K2JhCiRL2TgJDRXRnwmg=";

    [Test]
    public void Parse_FileWgSetconfAccepted_GivesTheStateWgShowconfPrinted()
    {
        // setconf-input.conf was applied with `wg setconf`; real-showconf.conf is what the device then held.
        var parsed = WgConfigParser.Parse(FixtureFiles.Read("setconf-input.conf"));
        var applied = WgConfigParser.Parse(FixtureFiles.Read("real-showconf.conf"));

        var fromInput = parsed.ToDesiredDevice("wg0");
        var fromDevice = applied.ToDesiredDevice("wg0");
        Assert.That(DeviceDiff.IsEmpty(DeviceDiff.Compute(fromInput, fromDevice)), Is.True);
        Assert.That(parsed.ListenPort, Is.EqualTo(51820));
        Assert.That(parsed.FirewallMark, Is.EqualTo(0x10u));
        Assert.That(parsed.Peers, Has.Count.EqualTo(3));
        Assert.That(parsed.Peers[0].AllowedIPs, Has.Count.EqualTo(3), "AllowedIPs lines accumulate");
        Assert.That(parsed.Peers[1].PersistentKeepalive, Is.EqualTo(0), "off");
        Assert.That(parsed.Peers[1].Endpoint, Is.EqualTo(IPEndPoint.Parse("[2001:db8::1]:1234")));
    }

    [Test]
    public void ToDeviceConfig_Setconf_ReplacesPeersAndResetsAbsentFields()
    {
        var config = WgConfigParser.Parse($"[Peer]\nPublicKey = {Pub1}\nAllowedIPs = 10.0.0.1/32\n").ToDeviceConfig(append: false);

        Assert.That(config.ReplacePeers, Is.True);
        Assert.That(config.PrivateKey, Is.EqualTo(default(WireGuardKey)));
        Assert.That(config.ListenPort, Is.Zero);
        Assert.That(config.FirewallMark, Is.Zero);
        Assert.That(config.Peers.Single().ReplaceAllowedIPs, Is.True);
        Assert.That(config.Peers.Single().PresharedKey, Is.Null);
    }

    [Test]
    public void ToDeviceConfig_Addconf_SendsOnlyWhatIsPresent()
    {
        var config = WgConfigParser.Parse($"[Interface]\nListenPort = 5\n[Peer]\nPublicKey = {Pub1}\n").ToDeviceConfig(append: true);

        Assert.That(config.ReplacePeers, Is.False);
        Assert.That(config.PrivateKey, Is.Null);
        Assert.That(config.ListenPort, Is.EqualTo(5));
        Assert.That(config.FirewallMark, Is.Null);
    }

    // Expected texts are what wg setconf printed for the same input (see the capture notes in Fixtures/README.md);
    // key values are not echoed by us.
    [TestCase("[Interface]\nListenPort = abc\n", 2, "Servname not supported for ai_socktype: `abc'")]
    [TestCase("[Interface]\nFwMark = xyz\n", 2, "Fwmark is neither 0/off nor 0-0xffffffff: `xyz'")]
    [TestCase("[Interface]\nPrivateKey = abc\n", 2, "Key is not the correct length or format")]
    [TestCase("[Interface]\nPrivateKey = \n", 2, "Line unrecognized: `PrivateKey='")]
    [TestCase("[Interface]\nFoo = 1\n", 2, "Line unrecognized: `Foo=1'")]
    [TestCase("ListenPort = 5\n", 1, "Line unrecognized: `ListenPort=5'")]
    [TestCase("[Peer]\nPublicKey = " + Pub1 + "\nAllowedIPs = 10.0.0.1/33\n", 3, "AllowedIP is not in the correct format: `10.0.0.1/33'")]
    [TestCase("[Peer]\nPublicKey = " + Pub1 + "\nAllowedIPs =\n", 3, "Line unrecognized: `AllowedIPs='")]
    [TestCase("[Peer]\nPublicKey = " + Pub1 + "\nAllowedIPs = 10.0.0.300/32\n", 3, "Unable to parse IP address: `10.0.0.300'")]
    [TestCase("[Peer]\nPublicKey = " + Pub1 + "\nEndpoint = 1.2.3.4\n", 3, "Unable to find port of endpoint: `1.2.3.4'")]
    [TestCase("[Peer]\nPublicKey = " + Pub1 + "\nEndpoint = [::1:5\n", 3, "Unable to find matching brace of endpoint: `[::1:5'")]
    [TestCase("[Peer]\nPublicKey = " + Pub1 + "\nPersistentKeepalive = 70000\n", 3, "Persistent keepalive interval is neither 0/off nor 1-65535: `70000'")]
    [TestCase("[Peer]\nPublicKey = abc\n", 2, "Key is not the correct length or format: `abc'")]
    [TestCase("\n\n[Peer]\nEndpoint = 1.2.3.4:5\n", 3, "A peer is missing a public key")]
    public void Parse_InvalidLine_NamesLineWithWgWording(string text, int line, string reason)
    {
        var exception = Assert.Throws<WgConfigException>(() => WgConfigParser.Parse(text, _ => null));
        Assert.That(exception!.LineNumber, Is.EqualTo(line));
        Assert.That(exception.Reason, Is.EqualTo(reason));
        Assert.That(exception.Message, Is.EqualTo($"Line {line}: {reason}"));
    }

    [Test]
    public void Parse_PrivateKeyInWrongSection_DoesNotEchoTheKey()
    {
        const string Secret = "UA15EvUZhOlrAF4MznbhVNRUDRt1maFb0gkeXESy60Y=";
        var exception = Assert.Throws<WgConfigException>(() => WgConfigParser.Parse($"[Peer]\nPublicKey = {Pub1}\nPrivateKey = {Secret}\n"));
        Assert.That(exception!.Message, Does.Not.Contain(Secret));
    }

    [Test]
    public void Parse_NonCanonicalBase64_IsRejectedLikeWg()
    {
        // Same 32 bytes as Pub1 would need the last character's unused bits clear; 'h' sets them.
        var nonCanonical = Pub1[..42] + "h=";
        Assert.Throws<WgConfigException>(() => WgConfigParser.Parse($"[Peer]\nPublicKey = {nonCanonical}\n"));
    }

    [Test]
    public void Parse_HostBitsInAllowedIP_AreCleared()
    {
        var config = WgConfigParser.Parse($"[Peer]\nPublicKey = {Pub1}\nAllowedIPs = 10.0.0.1/24\n");
        Assert.That(config.Peers[0].AllowedIPs.Single(), Is.EqualTo(IPNetwork.Parse("10.0.0.0/24")));
    }

    [Test]
    public void Parse_EndpointHostName_UsesResolver()
    {
        var config = WgConfigParser.Parse($"[Peer]\nPublicKey = {Pub1}\nEndpoint = hub.example:51820\n",
            host => host == "hub.example" ? IPAddress.Parse("203.0.113.10") : null);
        Assert.That(config.Peers[0].Endpoint, Is.EqualTo(IPEndPoint.Parse("203.0.113.10:51820")));
    }

    [Test]
    [CancelAfter(300_000)]
    public void Parse_MillionMutatedAndRandomFiles_ThrowOnlyWgConfigException()
    {
        const int Seed = 7;
        var fuzzer = ConfigFuzzer.Create(
            [FixtureFiles.Read("setconf-input.conf"), FixtureFiles.Read("real-showconf.conf"), FixtureFiles.Read("wg-quick-stripped.conf")],
            []);
        var (accepted, rejected, seconds) = ConfigFuzzer.Run(fuzzer, Seed, text => WgConfigParser.Parse(text, _ => null));

        TestContext.Out.WriteLine($"seed {Seed}: {ConfigFuzzer.Iterations:N0} files in {seconds:F1} s, {accepted:N0} accepted, {rejected:N0} rejected with WgConfigException");
        Assert.Multiple(() =>
        {
            Assert.That(accepted, Is.GreaterThan(ConfigFuzzer.Iterations / 100));
            Assert.That(rejected, Is.GreaterThan(ConfigFuzzer.Iterations / 100));
        });
    }
}
