using MeshAgent.Daemon.Tests.TestSupport;
using MeshAgent.Lab;
using MeshAgent.Lab.Mesh;

namespace MeshAgent.Daemon.Tests.Lab;

/// <summary>
/// A device without the agent, end to end: on the admin hub <c>meshctl peer add</c> writes a wg-quick config; wg-quick
/// itself strips it; a lab host with nothing but wireguard-go, wg(8) and ip(8) — what a stock WireGuard app does —
/// is configured from that file and pings every mesh node (a public spoke and one behind NAT, both through the hub)
/// and resolves mesh names through the hub's dnsmasq. Then <c>meshctl peer remove</c> cuts it off.
/// </summary>
[Category("Lab")]
[NonParallelizable]
public class PeerClientLabTests
{
    private static readonly TimeSpan Converge = TimeSpan.FromSeconds(90);
    private LabNetwork? _lab;
    private MeshLab _mesh = null!;
    private MeshLabNode _hub = null!;
    private LabHost _phone = null!;
    private Dictionary<string, string> _addresses = [];

    [OneTimeSetUp]
    public async Task BuildMeshAsync()
    {
        var missing = LabRequirements.MissingTools(["wireguard-go", "wg", "wg-quick", "ip", "nft", "dnsmasq", "dig", "ping"]);
        if (!LabRequirements.IsRoot || missing.Count > 0)
        {
            var reason = LabRequirements.IsRoot ? $"missing tools: {string.Join(", ", missing)}" : "not running as root";
            if (LabRequirements.IsCi)
            {
                Assert.Fail($"CI must be able to run the client lab: {reason}");
            }

            Assert.Ignore($"This machine cannot run the client lab: {reason}");
        }

        _lab = await LabNetwork.CreateAsync("peercli");
        _mesh = new MeshLab(_lab, DaemonProcess.DaemonPath, DaemonProcess.MeshctlPath) { DnsInterfaces = "[lo, wg0]" };
        _hub = await _mesh.StartHubAsync();
        await _mesh.AddSpokeAsync("spoke1");
        await _mesh.AddSpokeAsync("spoke2", behindNat: true);
        await _mesh.WaitUntilAllKnowAsync([.. _mesh.Nodes.Select(n => n.Name)], Converge);
        _addresses = await _mesh.MeshAddressesAsync(_hub);
        _phone = await _lab.AddHostAsync("phone");
        await _lab.ConnectAsync(_phone, "eth0", "192.0.2.200/24", _mesh.Underlay!);
    }

    [OneTimeTearDown]
    public async Task TearDownAsync()
    {
        if (_lab is null)
        {
            return;
        }

        var failed = TestContext.CurrentContext.Result.FailCount > 0;
        _lab.KeepDirectory = failed;
        if (failed)
        {
            TestContext.Out.WriteLine($"lab logs kept in {_lab.Directory}");
        }

        await _lab.DisposeAsync();
    }

    [Test]
    [Order(1)]
    public async Task PeerAdd_ConfigFromTheFile_PingsEveryNodeAndResolvesMeshNames()
    {
        var png = Path.Combine(_lab!.Directory, "phone.png");
        var output = await _mesh.MeshctlAsync(_hub, "peer", "add", "phone", "--dns", "--qr", "--out", png, "--keep");
        var kept = Path.Combine(_hub.Directory, "state", "clients", "phone.conf");
        var config = await File.ReadAllTextAsync(kept);
        TestContext.Out.WriteLine(output.Replace(ConfigLine(config, "PrivateKey"), "(private key)", StringComparison.Ordinal));

        // wg-quick takes the interface name from the file name.
        var file = Path.Combine(_lab.Directory, "wgphone.conf");
        await File.WriteAllTextAsync(file, config);
        var strip = await CommandRunner.RunAsync("wg-quick", ["strip", file], TimeSpan.FromSeconds(30));
        Assert.That(strip.ExitCode, Is.Zero, "wg-quick parses the config: " + strip.StdErr);
        var stripped = Path.Combine(_lab.Directory, "phone-stripped.conf");
        await File.WriteAllTextAsync(stripped, strip.StdOut);

        var address = ConfigLine(config, "Address");
        var dns = ConfigLine(config, "DNS").Split(',')[0].Trim();
        _phone.Start("wireguard-go", ["-f", "wg0"], new LabProcessOptions { WireGuardRunDirectory = true, Name = "wireguard-go" });
        await Poll.UntilAsync(() => File.Exists(Path.Combine(_phone.WireGuardRunDirectory, "wg0.sock")), TimeSpan.FromSeconds(30), "wireguard-go to open its UAPI socket");
        var setconf = _phone.Start("wg", ["setconf", "wg0", stripped], new LabProcessOptions { WireGuardRunDirectory = true, Name = "wg" });
        Assert.That(await setconf.WaitForExitAsync(), Is.Zero, "wg setconf takes the stripped file: " + setconf.Output);
        await _phone.RunCheckedAsync("ip", "address", "add", address, "dev", "wg0");
        await _phone.RunCheckedAsync("ip", "link", "set", "wg0", "up");
        foreach (var prefix in ConfigLine(config, "AllowedIPs").Split(',', StringSplitOptions.TrimEntries).Where(p => !p.Contains(':', StringComparison.Ordinal)))
        {
            await _phone.RunCheckedAsync("ip", "route", "add", prefix, "dev", "wg0");
        }

        await Poll.UntilAsync(async () => (await UnreachableAsync()).Count == 0, Converge, "the device to ping every mesh node");
        await Poll.UntilAsync(async () => await DigAsync(dns, "spoke2.mesh") == _addresses["spoke2"], Converge, "spoke2.mesh to resolve through the hub's dnsmasq");
        var phoneAddress = address.Split('/')[0];
        await Poll.UntilAsync(() => MeshLab.PingAsync(_mesh.Nodes[2], phoneAddress), Converge, "the spoke behind NAT to reach the device through the hub");

        var list = await _mesh.MeshctlAsync(_hub, "peer", "list");
        Assert.Multiple(() =>
        {
            Assert.That(output, Does.Contain("[Interface]").And.Contain("[Peer]").And.Contain("█"), "config and QR code on stdout");
            Assert.That(File.GetUnixFileMode(png), Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite), "the PNG holds the private key");
            Assert.That(File.ReadAllBytes(png).AsSpan(1, 3).ToArray(), Is.EqualTo("PNG"u8.ToArray()));
            Assert.That(File.GetUnixFileMode(kept), Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite));
            Assert.That(config, Does.Contain($"Endpoint = {_hub.Underlay}:{MeshLab.WireGuardPort}").And.Contain($"AllowedIPs = {MeshLab.Prefix}"));
            Assert.That(dns, Is.EqualTo(_addresses[_hub.Name]), "DNS is the hub's dnsmasq");
            Assert.That(list, Does.Contain("phone").And.Contain(phoneAddress).And.Contain(_hub.Name));
        });
    }

    [Test]
    [Order(2)]
    public async Task PeerRemove_DeviceCutOff()
    {
        var output = await _mesh.MeshctlAsync(_hub, "peer", "remove", "phone");

        var address = await PhoneAddressAsync();
        await Poll.UntilAsync(async () => !await MeshLab.PingAsync(_mesh.Nodes[1], address), Converge, "the device to be cut off");
        var list = await _mesh.MeshctlAsync(_hub, "peer", "list");

        Assert.Multiple(() =>
        {
            Assert.That(output, Does.Contain("removed phone"));
            Assert.That(list, Does.Not.Contain("phone"));
        });
    }

    private async Task<string> PhoneAddressAsync() =>
        ConfigLine(await File.ReadAllTextAsync(Path.Combine(_hub.Directory, "state", "clients", "phone.conf")), "Address").Split('/')[0];

    private async Task<List<string>> UnreachableAsync()
    {
        var failures = new List<string>();
        foreach (var (name, address) in _addresses)
        {
            if (!(await _phone.RunAsync("ping", "-c", "1", "-W", "1", address)).Succeeded)
            {
                failures.Add(name);
            }
        }

        return failures;
    }

    private async Task<string> DigAsync(string server, string name) =>
        (await _phone.RunAsync("dig", "+short", "+time=1", "+tries=1", "@" + server, name)).StdOut.Trim();

    private static string ConfigLine(string config, string key) =>
        config.Split('\n').Select(l => l.Split('=', 2)).First(p => p.Length == 2 && p[0].Trim() == key)[1].Trim();
}
