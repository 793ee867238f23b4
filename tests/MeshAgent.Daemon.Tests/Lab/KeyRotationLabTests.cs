using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using MeshAgent.Daemon.Tests.TestSupport;
using MeshAgent.Lab;
using MeshAgent.Lab.Mesh;

namespace MeshAgent.Daemon.Tests.Lab;

/// <summary>
/// Key rotation end to end: the admin hub sends the rotate-key command to spoke1 while the hub and spoke2 ping it
/// every 50 ms; spoke1 gets its record re-signed for a new key through the hub's admission listener, and every node
/// switches its peer. Checked: spoke1's key changed, every node knows it by its new key at the same address, pings
/// flow again afterwards; the lost pings are counted and printed (a figure, not an assertion).
/// </summary>
[Category("Lab")]
[NonParallelizable]
public partial class KeyRotationLabTests : LabTest
{
    private static readonly TimeSpan Converge = TimeSpan.FromSeconds(90);

    [Test]
    public async Task RotateKey_WhilePinged_SwitchesEveryPeerToTheNewKey()
    {
        RequireTools("wireguard-go", "wg", "ip", "nft", "dnsmasq", "ping");
        var mesh = new MeshLab(Lab, DaemonProcess.DaemonPath, DaemonProcess.MeshctlPath);
        var hub = await mesh.StartHubAsync();
        var spoke = await mesh.AddSpokeAsync("spoke1");
        var other = await mesh.AddSpokeAsync("spoke2");
        MeshLabNode[] nodes = [hub, spoke, other];
        await mesh.WaitUntilAllKnowAsync([.. nodes.Select(n => n.Name)], Converge);
        var oldKey = (await mesh.MeshctlAsync(spoke, "pubkey")).Trim();
        var address = (await mesh.MeshAddressesAsync(hub))[spoke.Name];
        await Poll.UntilAsync(async () => await MeshLab.PingAsync(other, address) && await MeshLab.PingAsync(hub, address), Converge, "hub and spoke2 to ping spoke1");

        // 200 pings 50 ms apart (10 s) from each of the two nodes that stay up; the rotation starts 2 s in.
        string[] ping = ["-n", "-q", "-c", "200", "-i", "0.05", "-W", "1", address];
        var fromHub = hub.Host.RunAsync("ping", ping, TimeSpan.FromSeconds(120));
        var fromSpoke = other.Host.RunAsync("ping", ping, TimeSpan.FromSeconds(120));
        await Task.Delay(TimeSpan.FromSeconds(2));
        var sent = await mesh.MeshctlAsync(hub, "command", "send", "rotate-key", "--to", spoke.Name);
        TestContext.Out.WriteLine(sent.Trim());
        await Poll.UntilAsync(async () => (await mesh.MeshctlAsync(spoke, "pubkey")).Trim() != oldKey, Converge, "spoke1 to switch to a new key");
        var newKey = (await mesh.MeshctlAsync(spoke, "pubkey")).Trim();
        var hubPings = await fromHub;
        var spokePings = await fromSpoke;

        foreach (var node in nodes)
        {
            await Poll.UntilAsync(async () => (await PublicKeysAsync(mesh, node)).GetValueOrDefault(spoke.Name) == newKey, Converge, $"{node.Name} to know spoke1 by its new key");
        }

        Assert.That((await mesh.MeshAddressesAsync(hub))[spoke.Name], Is.EqualTo(address));
        // The hub's wg0 as read back from the device: the new key holds spoke1's peer, the old one is gone.
        await Poll.UntilAsync(async () => await PeerKeysAsync(mesh, hub) is var peers && peers.Contains(newKey) && !peers.Contains(oldKey), Converge, "the hub's wg0 to hold spoke1's new key only");
        await Poll.UntilAsync(() => MeshLab.PingAsync(other, address), Converge, "spoke2 to ping spoke1 after the rotation");
        await Poll.UntilAsync(() => MeshLab.PingAsync(hub, address), Converge, "the hub to ping spoke1 after the rotation");
        await Poll.UntilAsync(() => MeshLab.PingAsync(spoke, "10.10.11.1"), Converge, "spoke1 to ping the hub with its new key");
        var (hubSent, hubReceived) = Summary(hubPings.StdOut);
        var (spokeSent, spokeReceived) = Summary(spokePings.StdOut);
        TestContext.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"pings lost during rotation: hub->spoke1 {hubSent - hubReceived} of {hubSent}, spoke2->spoke1 {spokeSent - spokeReceived} of {spokeSent} (50 ms apart)"));
        TestContext.Out.WriteLine($"hub->spoke1 {RoundTrips(hubPings.StdOut)}; spoke2->spoke1 {RoundTrips(spokePings.StdOut)}");
        Assert.That(hubSent, Is.EqualTo(200), hubPings.StdOut);
        Assert.That(spokeSent, Is.EqualTo(200), spokePings.StdOut);
    }

    private static (int Sent, int Received) Summary(string pingOutput)
    {
        var match = PingSummary().Match(pingOutput);
        Assert.That(match.Success, Is.True, $"no ping summary in: {pingOutput}");
        return (int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture), int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture));
    }

    // WireGuard holds packets while it makes a handshake with the new key, so a rotation shows as delay, not loss.
    private static string RoundTrips(string pingOutput) =>
        pingOutput.Split('\n').FirstOrDefault(l => l.StartsWith("rtt", StringComparison.Ordinal))?.Trim() ?? "no rtt line";

    private static async Task<Dictionary<string, string>> PublicKeysAsync(MeshLab mesh, MeshLabNode node)
    {
        using var json = JsonDocument.Parse(await mesh.MeshctlAsync(node, "members", "--json"));
        return json.RootElement.EnumerateArray().ToDictionary(m => m.GetProperty("name").GetString()!, m => m.GetProperty("public_key").GetString()!, StringComparer.Ordinal);
    }

    private static async Task<HashSet<string>> PeerKeysAsync(MeshLab mesh, MeshLabNode node)
    {
        using var json = JsonDocument.Parse(await mesh.MeshctlAsync(node, "peers", "--json"));
        return [.. json.RootElement.EnumerateArray().Select(p => p.GetProperty("public_key").GetString()!)];
    }

    [GeneratedRegex(@"(\d+) packets transmitted, (\d+) received")]
    private static partial Regex PingSummary();
}
