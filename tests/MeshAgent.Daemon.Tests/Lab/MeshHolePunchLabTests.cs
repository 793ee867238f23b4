using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using MeshAgent.Daemon.Tests.TestSupport;
using MeshAgent.Lab;
using MeshAgent.Lab.Mesh;

namespace MeshAgent.Daemon.Tests.Lab;

/// <summary>
/// Hole punching through the hub with the real agents: two spokes behind two different Linux NATs, no port mapping,
/// each with a <c>nat:</c> section. The hub tells each where it sees it (its NAT's outside), the authority re-signs
/// their records with it, and both add each other with a keepalive at once, so the handshakes cross. Behind
/// <c>masquerade</c> (port kept) that gives a direct path; behind <c>masquerade random</c> (a new port per
/// destination) it cannot, and the spokes stay relayed through the hub and still ping. Checked with wg(8) and ping.
/// </summary>
[Category("Lab")]
[NonParallelizable]
public sealed class MeshHolePunchLabTests : LabTest
{
    private static readonly TimeSpan Converge = TimeSpan.FromSeconds(90);

    [Test]
    public async Task Punch_TwoSpokesBehindMasquerade_DirectPathWithHandshakeAndPing()
    {
        RequireTools("wireguard-go", "wg", "ip", "nft", "ping", "dnsmasq");
        var mesh = new MeshLab(Lab, DaemonProcess.DaemonPath, DaemonProcess.MeshctlPath);
        var hub = await mesh.StartHubAsync();
        var first = await mesh.AddSpokeAsync("natted1", behindNat: true, punch: true);
        var second = await mesh.AddSpokeAsync("natted2", behindNat: true, punch: true);
        await mesh.WaitUntilAllKnowAsync(["hub1", "natted1", "natted2"], Converge);
        var clock = Stopwatch.StartNew();

        // The NATs' outsides on the underlay: nat1 is 192.0.2.249, nat2 192.0.2.248 (MeshLab numbering); masquerade keeps port 51820.
        await Poll.UntilAsync(
            async () => (await EndpointsAsync(mesh, first, "natted2")).Contains("192.0.2.248:51820") && (await EndpointsAsync(mesh, second, "natted1")).Contains("192.0.2.249:51820"),
            Converge,
            "each spoke to learn the other's hub-observed endpoint");
        var known = clock.Elapsed;
        var keys = new Dictionary<string, string> { ["natted1"] = (await mesh.MeshctlAsync(first, "pubkey")).Trim(), ["natted2"] = (await mesh.MeshctlAsync(second, "pubkey")).Trim() };
        var addresses = await mesh.MeshAddressesAsync(hub);
        string? line = null;
        await Poll.UntilAsync(
            async () =>
            {
                line = (await WgDumpAsync(first)).FirstOrDefault(l => l.StartsWith(keys["natted2"] + "\t", StringComparison.Ordinal));
                return line is not null && line.Split('\t')[4] != "0" && await MeshLab.PingAsync(first, addresses["natted2"]);
            },
            Converge,
            "natted1 to handshake with natted2 directly through both NATs and ping it");
        var direct = clock.Elapsed;
        var via = await MeshPortMappingLabTests.ViaAsync(mesh, first, "natted2");
        var back = (await WgDumpAsync(second)).FirstOrDefault(l => l.StartsWith(keys["natted1"] + "\t", StringComparison.Ordinal));
        TestContext.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"hole punching: observed endpoints in both records {known.TotalSeconds:0.00} s after both were members; direct handshake + ping {(direct - known).TotalSeconds:0.00} s after that"));

        Assert.Multiple(() =>
        {
            var fields = line!.Split('\t');
            Assert.That(fields[2], Is.EqualTo("192.0.2.248:51820"), "natted1 reaches natted2 at nat2's outside");
            Assert.That(fields[3], Is.EqualTo($"{addresses["natted2"]}/32"), "a direct peer, not the hub");
            Assert.That(via, Is.EqualTo("punched"), "meshctl peers says the path was punched");
            Assert.That(back, Is.Not.Null, "natted2 has natted1 as a direct peer too");
            Assert.That(back!.Split('\t')[4], Is.Not.EqualTo("0"), "with a handshake");
        });
        Assert.That(await MeshLab.PingAsync(second, addresses["natted1"]), Is.True);
    }

    [Test]
    public async Task Punch_TwoSpokesBehindMasqueradeRandom_StayRelayedAndStillPing()
    {
        RequireTools("wireguard-go", "wg", "ip", "nft", "ping", "dnsmasq");
        var mesh = new MeshLab(Lab, DaemonProcess.DaemonPath, DaemonProcess.MeshctlPath);
        var hub = await mesh.StartHubAsync();
        var first = await mesh.AddSpokeAsync("natted1", behindNat: true, punch: true, randomPorts: true);
        var second = await mesh.AddSpokeAsync("natted2", behindNat: true, punch: true, randomPorts: true);
        await mesh.WaitUntilAllKnowAsync(["hub1", "natted1", "natted2"], Converge);
        await Poll.UntilAsync(
            async () => (await EndpointsAsync(mesh, first, "natted2")).Count > 0 && (await EndpointsAsync(mesh, second, "natted1")).Count > 0,
            Converge,
            "each spoke to learn the other's hub-observed endpoint");
        var clock = Stopwatch.StartNew();
        var key = (await mesh.MeshctlAsync(second, "pubkey")).Trim();
        var address = (await mesh.MeshAddressesAsync(hub))["natted2"];

        // The direct attempt cannot complete (each NAT gives the other's packets a port nobody sent to); once it has
        // failed the peer is gone and traffic goes through the hub. Wait for the attempt first: before it starts,
        // "no direct peer and the ping works" is already true (the hub relays), and the attempt would then fall into
        // the pings below.
        await Poll.UntilAsync(
            async () => (await WgDumpAsync(first)).Any(l => l.StartsWith(key + "\t", StringComparison.Ordinal)),
            Converge,
            "natted1 to try a direct path to natted2");
        await Poll.UntilAsync(
            async () => !(await WgDumpAsync(first)).Any(l => l.StartsWith(key + "\t", StringComparison.Ordinal)) && await MeshLab.PingAsync(first, address),
            Converge,
            "natted1 to give up the direct path to natted2 and reach it through the hub");
        var relayed = clock.Elapsed;
        var pings = new List<bool>();
        var directSeen = false;
        for (var i = 0; i < 10; i++)
        {
            pings.Add(await MeshLab.PingAsync(first, address));
            directSeen |= (await WgDumpAsync(first)).Any(l => l.StartsWith(key + "\t", StringComparison.Ordinal));
        }

        TestContext.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"symmetric NATs: relayed {relayed.TotalSeconds:0.00} s after the endpoints were known; then {pings.Count(p => p)}/{pings.Count} pings through the hub"));
        Assert.Multiple(() =>
        {
            Assert.That(pings, Is.All.True, "every ping through the hub");
            Assert.That(directSeen, Is.False, "no new direct attempt within the retry backoff");
        });
    }

    private static async Task<List<string>> EndpointsAsync(MeshLab mesh, MeshLabNode node, string member)
    {
        using var members = JsonDocument.Parse(await mesh.MeshctlAsync(node, "members", "--json"));
        return members.RootElement.EnumerateArray()
            .Where(m => m.GetProperty("name").GetString() == member)
            .SelectMany(m => m.GetProperty("endpoints").EnumerateArray().Select(e => e.GetString()!))
            .ToList();
    }

    private static async Task<List<string>> WgDumpAsync(MeshLabNode node)
    {
        var wg = node.Host.Start("wg", ["show", "wg0", "dump"], new LabProcessOptions { WireGuardRunDirectory = true, Name = "wg" });
        await wg.WaitForExitAsync();
        return [.. wg.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1)];
    }
}
