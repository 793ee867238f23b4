using MeshAgent.WireGuard.Configuration;

namespace MeshAgent.WireGuard.Tests.Configuration;

public sealed class WgQuickParserTests
{
    private static readonly string[] ExpectedAddresses = ["10.10.11.2/24", "fd10:10:11::2/64", "10.10.12.2/32"];
    private static readonly string[] ExpectedSearch = ["mesh", "lan"];

    [Test]
    public void Parse_WgQuickFile_TakesOutWgQuickKeys()
    {
        var config = WgQuickParser.Parse(FixtureFiles.Read("wg-quick-wg0.conf"));

        Assert.That(config.Addresses.Select(a => a.ToString()), Is.EqualTo(ExpectedAddresses));
        Assert.That(string.Join(",", config.DnsServers), Is.EqualTo("10.10.11.1,fd10:10:11::1"));
        Assert.That(config.DnsSearchDomains, Is.EqualTo(ExpectedSearch));
        Assert.That(config.Mtu, Is.EqualTo(1420));
        Assert.That(config.Table, Is.EqualTo("off"));
        Assert.That(config.PreUp.Single(), Is.EqualTo("echo pre-up"));
        Assert.That(config.PostUp.Single(), Is.EqualTo("iptables -A FORWARD -i %i -j ACCEPT; echo \"a=b\""));
        Assert.That(config.PreDown.Single(), Is.EqualTo("echo pre-down"));
        Assert.That(config.PostDown.Single(), Is.EqualTo("iptables -D FORWARD -i %i -j ACCEPT"));
        Assert.That(config.SaveConfig, Is.False);
    }

    [Test]
    public void Parse_WgQuickFile_WgPartEqualsWhatWgQuickStripPrints()
    {
        var config = WgQuickParser.Parse(FixtureFiles.Read("wg-quick-wg0.conf"));
        var stripped = WgConfigParser.Parse(FixtureFiles.Read("wg-quick-stripped.conf"));

        Assert.That(config.WireGuard.ToDeviceConfig(false), Is.EqualTo(stripped.ToDeviceConfig(false)).Using<DeviceConfig>(SameConfig));
        Assert.That(config.WireGuard.Peers, Has.Count.EqualTo(2));
    }

    [Test]
    public void Parse_BadWgLine_ReportsOriginalLineNumber()
    {
        var exception = Assert.Throws<WgConfigException>(() => WgQuickParser.Parse("[Interface]\nAddress = 10.0.0.1/24\nDNS = 1.1.1.1\nBogus = 1\n"));
        Assert.That(exception!.LineNumber, Is.EqualTo(4));
    }

    [TestCase("[Interface]\nSaveConfig = maybe\n", 2)]
    [TestCase("[Interface]\nMTU = big\n", 2)]
    [TestCase("[Interface]\n\nAddress = 10.0.0.1/33\n", 3)]
    [TestCase("[Interface]\nAddress = nothere\n", 2)]
    public void Parse_BadWgQuickValue_NamesTheLine(string text, int line)
    {
        var exception = Assert.Throws<WgConfigException>(() => WgQuickParser.Parse(text));
        Assert.That(exception!.LineNumber, Is.EqualTo(line));
    }

    [Test]
    public void Parse_AddressInPeerSection_GoesToWgAndFails()
    {
        Assert.Throws<WgConfigException>(() => WgQuickParser.Parse("[Peer]\nAddress = 10.0.0.1/24\n"));
    }

    [Test]
    [CancelAfter(300_000)]
    public void Parse_MillionMutatedAndRandomFiles_ThrowOnlyWgConfigException()
    {
        const int Seed = 11;
        var fuzzer = ConfigFuzzer.Create(
            [FixtureFiles.Read("wg-quick-wg0.conf"), FixtureFiles.Read("setconf-input.conf")],
            ["Address", "DNS", "MTU", "Table", "PreUp", "PostUp", "PreDown", "PostDown", "SaveConfig", "address", "SAVECONFIG"]);
        var (accepted, rejected, seconds) = ConfigFuzzer.Run(fuzzer, Seed, text => WgQuickParser.Parse(text, _ => null));

        TestContext.Out.WriteLine($"seed {Seed}: {ConfigFuzzer.Iterations:N0} files in {seconds:F1} s, {accepted:N0} accepted, {rejected:N0} rejected with WgConfigException");
        Assert.Multiple(() =>
        {
            Assert.That(accepted, Is.GreaterThan(ConfigFuzzer.Iterations / 100));
            Assert.That(rejected, Is.GreaterThan(ConfigFuzzer.Iterations / 100));
        });
    }

    private static bool SameConfig(DeviceConfig a, DeviceConfig b) =>
        a.PrivateKey == b.PrivateKey && a.ListenPort == b.ListenPort && a.FirewallMark == b.FirewallMark && a.ReplacePeers == b.ReplacePeers
        && a.Peers.Count == b.Peers.Count
        && a.Peers.Zip(b.Peers).All(p => p.First.PublicKey == p.Second.PublicKey && p.First.PresharedKey == p.Second.PresharedKey
            && Equals(p.First.Endpoint, p.Second.Endpoint) && p.First.PersistentKeepalive == p.Second.PersistentKeepalive
            && p.First.AllowedIPs.SequenceEqual(p.Second.AllowedIPs));
}
