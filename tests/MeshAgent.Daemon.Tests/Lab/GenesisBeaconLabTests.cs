using System.Diagnostics;
using System.Text.RegularExpressions;
using MeshAgent.Daemon.Tests.TestSupport;
using MeshAgent.Lab;
using MeshAgent.Lab.Mesh;

namespace MeshAgent.Daemon.Tests.Lab;

/// <summary>
/// Genesis join: a new host whose agent.yaml has authority.public_key and a token but no mesh.hubs hears the admin
/// hub's signed beacon (UDP 8090 broadcast on the underlay), asks the hub it names, and is admitted; it then pings
/// the hub. The time from the first verified beacon to admission (the daemon logs it) is printed.
/// </summary>
[Category("Lab")]
[NonParallelizable]
public partial class GenesisBeaconLabTests : LabTest
{
    private static readonly TimeSpan Converge = TimeSpan.FromSeconds(90);

    [Test]
    public async Task Join_WithoutHubsInTheConfig_FindsTheHubByBeacon()
    {
        RequireTools("wireguard-go", "ip", "nft", "dnsmasq", "ping");
        var mesh = new MeshLab(Lab, DaemonProcess.DaemonPath, DaemonProcess.MeshctlPath);
        var hub = await mesh.StartHubAsync();
        var spoke = await mesh.PrepareSpokeAsync("spoke1");
        var yaml = HubsBlock().Replace(await File.ReadAllTextAsync(spoke.ConfigPath), string.Empty);
        Assert.That(yaml, Does.Not.Contain("hubs:"));
        await File.WriteAllTextAsync(spoke.ConfigPath, yaml);

        var clock = Stopwatch.StartNew();
        await mesh.StartAsync(spoke);
        await mesh.WaitUntilAllKnowAsync([hub.Name, spoke.Name], Converge);
        var joined = clock.Elapsed;
        await Poll.UntilAsync(() => MeshLab.PingAsync(spoke, "10.10.11.1"), Converge, "spoke1 to ping the hub");

        var output = spoke.Daemon!.Output;
        Assert.That(output, Does.Contain("Genesis beacon from 192.0.2.1"));
        var figure = AdmittedAfter().Match(output);
        Assert.That(figure.Success, Is.True, "the daemon logs the beacon-to-admitted time");
        TestContext.Out.WriteLine($"beacon to admitted: {figure.Groups[1].Value} ms (daemon start to every node knowing spoke1: {joined.TotalSeconds:0.0} s; beacons every 2 s)");
    }

    [GeneratedRegex(@"  hubs:\n(    .*\n)+", RegexOptions.Multiline)]
    private static partial Regex HubsBlock();

    [GeneratedRegex(@"Admitted (\d+) ms after the first Genesis beacon")]
    private static partial Regex AdmittedAfter();
}
