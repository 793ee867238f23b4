using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using MeshAgent.Daemon.Tests.TestSupport;
using MeshAgent.Lab;
using MeshAgent.Lab.Mesh;

namespace MeshAgent.Daemon.Tests.Lab;

/// <summary>
/// The product with the real miniupnpd: a spoke behind a port-mapping router (no configured endpoint) maps its
/// WireGuard port, the authority re-signs its record with the mapped endpoint, and a public spoke on the WAN side
/// goes direct to it at that endpoint (handshake and ping); stopping the agent deletes the mapping on the router.
/// Checked with meshctl, wg(8), ping and nft, independent of our code.
/// </summary>
[Category("Lab")]
[NonParallelizable]
public sealed class MeshPortMappingLabTests : LabTest
{
    private static readonly TimeSpan Converge = TimeSpan.FromSeconds(90);

    [Test]
    public async Task Run_SpokeBehindMiniupnpd_MapsAnnouncesAndIsReachedDirectlyAtTheMappedEndpoint()
    {
        RequireTools("wireguard-go", "wg", "ip", "nft", "ping", "miniupnpd", "dnsmasq");
        var mesh = new MeshLab(Lab, DaemonProcess.DaemonPath, DaemonProcess.MeshctlPath);
        var hub = await mesh.StartHubAsync();
        var wan = await mesh.AddSpokeAsync("spoke1");
        var (mapped, router) = await mesh.PrepareSpokeBehindUpnpRouterAsync("mapped");
        var clock = Stopwatch.StartNew();
        await mesh.StartAsync(mapped);

        JsonElement mapping = default;
        await Poll.UntilAsync(
            async () =>
            {
                using var status = JsonDocument.Parse(await mesh.MeshctlAsync(mapped, "status", "--json"));
                mapping = status.RootElement.GetProperty("port_mapping").Clone();
                return mapping.GetProperty("state").GetString() == "mapped";
            },
            Converge,
            "the spoke behind miniupnpd to map its port");
        var mappedAfter = clock.Elapsed;
        var external = $"{MeshLab.RouterExternalAddress}:{MeshLab.WireGuardPort}";
        var statusText = await mesh.MeshctlAsync(mapped, "status");

        await Poll.UntilAsync(async () => (await EndpointsAsync(mesh, wan, "mapped")).Contains(external), Converge, "spoke1 to learn the mapped endpoint from the re-signed record");
        var announcedAfter = clock.Elapsed;
        var key = (await mesh.MeshctlAsync(mapped, "pubkey")).Trim();
        var address = (await mesh.MeshAddressesAsync(hub))["mapped"];
        string? peerLine = null;
        await Poll.UntilAsync(
            async () =>
            {
                peerLine = (await WgDumpAsync(wan)).FirstOrDefault(l => l.StartsWith(key + "\t", StringComparison.Ordinal));
                return peerLine is not null && peerLine.Split('\t')[4] != "0" && await MeshLab.PingAsync(wan, address);
            },
            Converge,
            "spoke1 to handshake with the mapped spoke directly and ping it");
        var directAfter = clock.Elapsed;
        var rules = (await router.RunCheckedAsync("nft", "list", "chain", "inet", "filter", "prerouting_miniupnpd")).StdOut;
        TestContext.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"port mapping in the mesh: mapped {mappedAfter.TotalSeconds:0.00} s, endpoint in spoke1's records {announcedAfter.TotalSeconds:0.00} s, direct handshake + ping {directAfter.TotalSeconds:0.00} s after starting the agent ({mapping.GetProperty("protocol").GetString()})"));

        var via = await ViaAsync(mesh, wan, "mapped");
        var exit = await MeshLab.StopAsync(mapped);
        var rulesAfterStop = (await router.RunCheckedAsync("nft", "list", "chain", "inet", "filter", "prerouting_miniupnpd")).StdOut;

        Assert.Multiple(() =>
        {
            Assert.That(mapping.GetProperty("protocol").GetString(), Is.EqualTo("natpmp"), "NAT-PMP preferred when all three answer");
            Assert.That(mapping.GetProperty("external_endpoint").GetString(), Is.EqualTo(external));
            Assert.That(mapping.GetProperty("gateway").GetString(), Is.EqualTo("10.98.1.1"), "the default route's gateway");
            Assert.That(statusText, Does.Contain($"nat        natpmp {external}, expires in 1h").And.Contain("(gateway 10.98.1.1)"));
            Assert.That(peerLine!.Split('\t')[3], Is.EqualTo($"{address}/32"), "a direct peer, not the hub");
            Assert.That(via, Is.EqualTo("mapped"), "meshctl peers says how the path was found");
            Assert.That(rules, Does.Contain("10.98.1.2:51820"), "the router forwards the mapped port to the spoke");
            Assert.That(exit, Is.Zero);
            Assert.That(rulesAfterStop, Does.Not.Contain("10.98.1.2:51820"), "the mapping is deleted when the agent stops");
        });
    }

    internal static async Task<string?> ViaAsync(MeshLab mesh, MeshLabNode node, string peer)
    {
        using var peers = JsonDocument.Parse(await mesh.MeshctlAsync(node, "peers", "--json"));
        return peers.RootElement.EnumerateArray()
            .Where(p => p.GetProperty("name").GetString() == peer)
            .Select(p => p.GetProperty("via").GetString())
            .FirstOrDefault();
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
