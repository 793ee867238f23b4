using MeshAgent.Daemon.Tests.TestSupport;
using MeshAgent.Lab;
using MeshAgent.Lab.Mesh;

namespace MeshAgent.Daemon.Tests.Lab;

/// <summary>
/// Any hub admits: hub2 joins the admin hub hub1 with a hub token and holds no authority key; spoke1 knows only hub2
/// (its mesh.hubs, its token sealed to hub2's key). hub2 passes the join request on to hub1 over the mesh and returns
/// the signed record; spoke1 is admitted with an address from hub1's ledger and pings hub1 through hub2. Then
/// spoke1 rotates its key through hub2 the same way.
/// </summary>
[Category("Lab")]
[NonParallelizable]
public class AnyHubAdmitsLabTests : LabTest
{
    private static readonly TimeSpan Converge = TimeSpan.FromSeconds(90);

    [Test]
    public async Task Join_ThroughAHubWithoutTheAuthorityKey_IsAdmittedByTheAdminHub()
    {
        RequireTools("wireguard-go", "ip", "nft", "dnsmasq", "ping");
        var mesh = new MeshLab(Lab, DaemonProcess.DaemonPath, DaemonProcess.MeshctlPath);
        var admin = await mesh.StartHubAsync();
        var hub2 = await mesh.AddHubAsync("hub2");
        await mesh.WaitUntilAllKnowAsync([admin.Name, hub2.Name], Converge);
        var spoke = await mesh.PrepareSpokeAsync("spoke1", hub2);
        Assert.That(await File.ReadAllTextAsync(spoke.ConfigPath), Does.Contain("name: hub2").And.Not.Contain("name: hub1"), "spoke1 knows only hub2");

        await mesh.StartAsync(spoke);
        await mesh.WaitUntilAllKnowAsync([admin.Name, hub2.Name, spoke.Name], Converge);
        var addresses = await mesh.MeshAddressesAsync(admin);
        Assert.That(addresses, Does.ContainKey(spoke.Name), "hub1's ledger issued spoke1's record");
        Assert.That(hub2.Daemon!.Output, Does.Contain("Passed the request of spoke1"), "hub2 passed the join on");
        Assert.That((await mesh.MeshctlAsync(admin, "pending", "--json")).Trim(), Is.EqualTo("[]"), "the token admitted spoke1 at once");
        await Poll.UntilAsync(() => MeshLab.PingAsync(spoke, "10.10.11.1"), Converge, "spoke1 to ping hub1");
        await Poll.UntilAsync(() => MeshLab.PingAsync(admin, addresses[spoke.Name]), Converge, "hub1 to ping spoke1");

        var oldKey = (await mesh.MeshctlAsync(spoke, "pubkey")).Trim();
        await mesh.MeshctlAsync(admin, "command", "send", "rotate-key", "--to", spoke.Name);
        await Poll.UntilAsync(async () => (await mesh.MeshctlAsync(spoke, "pubkey")).Trim() != oldKey, Converge, "spoke1 to rotate its key through hub2");
        await Poll.UntilAsync(() => MeshLab.PingAsync(admin, addresses[spoke.Name]), Converge, "hub1 to ping spoke1 after the rotation");
        Assert.That((await mesh.MeshAddressesAsync(admin))[spoke.Name], Is.EqualTo(addresses[spoke.Name]));
    }
}
