using MeshAgent.Daemon.Tests.TestSupport;
using MeshAgent.Lab;
using MeshAgent.Lab.Mesh;

namespace MeshAgent.Daemon.Tests.Lab;

/// <summary>
/// Surviving a lost disk: <c>meshctl backup</c> of a running spoke, then the spoke's state directory and agent.yaml
/// are wiped (a fresh install), <c>meshctl restore</c> puts them back, and the restarted spoke has the same
/// WireGuard key and mesh address, and pings and is pinged again — without a new token (the one it joined with is
/// spent).
/// </summary>
[Category("Lab")]
[NonParallelizable]
public class BackupRestoreLabTests : LabTest
{
    private static readonly TimeSpan Converge = TimeSpan.FromSeconds(90);

    [Test]
    public async Task Restore_OnAWipedSpoke_BringsBackItsKeyAndAddress()
    {
        RequireTools("wireguard-go", "wg", "ip", "nft", "dnsmasq", "ping");
        var mesh = new MeshLab(Lab, DaemonProcess.DaemonPath, DaemonProcess.MeshctlPath);
        var hub = await mesh.StartHubAsync();
        var spoke = await mesh.AddSpokeAsync("spoke1");
        var other = await mesh.AddSpokeAsync("spoke2");
        await mesh.WaitUntilAllKnowAsync([hub.Name, spoke.Name, other.Name], Converge);
        var key = (await mesh.MeshctlAsync(spoke, "pubkey")).Trim();
        var address = (await mesh.MeshAddressesAsync(hub))[spoke.Name];
        await Poll.UntilAsync(() => MeshLab.PingAsync(other, address), Converge, "spoke2 to ping spoke1 before the backup");

        var passphraseFile = Path.Combine(Lab.Directory, "passphrase");
        await File.WriteAllTextAsync(passphraseFile, "a passphrase kept apart from the backup\n");
        File.SetUnixFileMode(passphraseFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        var backup = Path.Combine(Lab.Directory, "spoke1.backup");
        var made = await Meshctl("backup", "--out", backup, "--passphrase-file", passphraseFile, "--config", spoke.ConfigPath);
        Assert.That(made.Succeeded, Is.True, made.StdErr);
        Assert.That(File.GetUnixFileMode(backup), Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite));

        var refused = await Meshctl("restore", backup, "--passphrase-file", passphraseFile, "--config", spoke.ConfigPath, "--force");
        Assert.That(refused.Succeeded, Is.False, "restore must refuse while the daemon runs");
        Assert.That(refused.StdErr, Does.Contain("stop it first"));

        await MeshLab.StopAsync(spoke);
        Directory.Delete(Path.Combine(spoke.Directory, "state"), recursive: true);
        File.Delete(spoke.ConfigPath);

        var wrongFile = passphraseFile + ".wrong";
        await File.WriteAllTextAsync(wrongFile, "not the passphrase\n");
        File.SetUnixFileMode(wrongFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        var wrong = await Meshctl("restore", backup, "--passphrase-file", wrongFile, "--config", spoke.ConfigPath);
        Assert.That(wrong.Succeeded, Is.False);
        Assert.That(wrong.StdErr, Does.Contain("passphrase is wrong"));
        Assert.That(File.Exists(spoke.ConfigPath), Is.False, "a backup that does not open changes nothing");
        var restored = await Meshctl("restore", backup, "--passphrase-file", passphraseFile, "--config", spoke.ConfigPath);
        Assert.That(restored.Succeeded, Is.True, restored.StdErr);
        TestContext.Out.WriteLine(restored.StdOut);

        await mesh.StartAsync(spoke);
        Assert.That((await mesh.MeshctlAsync(spoke, "pubkey")).Trim(), Is.EqualTo(key));
        await mesh.WaitUntilAllKnowAsync([hub.Name, spoke.Name, other.Name], Converge);
        Assert.That((await mesh.MeshAddressesAsync(hub))[spoke.Name], Is.EqualTo(address));
        Assert.That((await mesh.MeshAddressesAsync(spoke))[spoke.Name], Is.EqualTo(address));
        await Poll.UntilAsync(() => MeshLab.PingAsync(other, address), Converge, "spoke2 to ping the restored spoke1");
        await Poll.UntilAsync(() => MeshLab.PingAsync(spoke, "10.10.11.1"), Converge, "the restored spoke1 to ping the hub");
    }

    private static Task<CommandResult> Meshctl(params string[] arguments) =>
        CommandRunner.RunAsync(DaemonProcess.MeshctlPath, arguments, TimeSpan.FromSeconds(60));
}
