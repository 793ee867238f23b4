using MeshAgent.Lab;

namespace MeshAgent.Lab.Tests;

public sealed class LabNetworkTests : LabTest
{
    [Test]
    public async Task ConnectAsync_TwoHostsOnSwitch_PingEachOther()
    {
        RequireTools("ping");
        var (a, b) = await TwoHostsOnSwitchAsync();

        var ping = await a.RunAsync("ping", "-c", "1", "-W", "5", "192.0.2.2");

        Assert.That(ping.ExitCode, Is.Zero, ping.StdOut + ping.StdErr);
        Assert.That(b.Addresses.Select(x => x.ToString()), Is.EquivalentTo(new[] { "192.0.2.2" }));
    }

    [Test]
    public async Task LinkAsync_DirectVeth_CarriesIPv6()
    {
        RequireTools("ping");
        var a = await Lab.AddHostAsync("a");
        var b = await Lab.AddHostAsync("b");
        await Lab.LinkAsync(a, "eth1", "fd00::1/64", b, "eth1", "fd00::2/64");

        var ping = await a.RunAsync("ping", "-6", "-c", "1", "-W", "5", "fd00::2");

        Assert.That(ping.ExitCode, Is.Zero, ping.StdOut + ping.StdErr);
    }

    [Test]
    public async Task PartitionAsync_ThenHeal_BlocksThenRestores()
    {
        RequireTools("ping");
        var (a, b) = await TwoHostsOnSwitchAsync();

        await Lab.PartitionAsync([a], [b]);
        var during = await a.RunAsync("ping", "-c", "1", "-W", "1", "192.0.2.2");
        var reverse = await b.RunAsync("ping", "-c", "1", "-W", "1", "192.0.2.1");
        await Lab.HealAsync();
        var after = await a.RunAsync("ping", "-c", "1", "-W", "5", "192.0.2.2");

        Assert.Multiple(() =>
        {
            Assert.That(during.ExitCode, Is.Not.Zero, "ping crossed the partition");
            Assert.That(reverse.ExitCode, Is.Not.Zero, "ping crossed the partition the other way");
            Assert.That(after.ExitCode, Is.Zero, after.StdOut + after.StdErr);
        });
    }

    [Test]
    public async Task SetLossAsync_HundredPercent_DropsEverythingAndZeroRestores()
    {
        RequireTools("ping");
        var (a, _) = await TwoHostsOnSwitchAsync();

        await Lab.SetLossAsync(a, "eth0", 100);
        var lossy = await a.RunAsync("ping", "-c", "3", "-i", "0.2", "-W", "1", "192.0.2.2");
        await Lab.SetLossAsync(a, "eth0", 0);
        var clean = await a.RunAsync("ping", "-c", "1", "-W", "5", "192.0.2.2");

        Assert.Multiple(() =>
        {
            Assert.That(lossy.StdOut, Does.Contain("100% packet loss"));
            Assert.That(clean.ExitCode, Is.Zero, clean.StdOut + clean.StdErr);
        });
    }

    [Test]
    public async Task Start_WithWireGuardRunDirectory_SeesPrivateRunWireGuard()
    {
        var a = await Lab.AddHostAsync("a");

        var process = a.Start("sh", ["-c", "echo hello > /run/wireguard/probe && echo done"], new LabProcessOptions { WireGuardRunDirectory = true });
        var exit = await process.WaitForExitAsync();

        Assert.Multiple(() =>
        {
            Assert.That(exit, Is.Zero, process.Output);
            Assert.That(File.ReadAllText(Path.Combine(a.WireGuardRunDirectory, "probe")), Is.EqualTo("hello\n"));
            Assert.That(File.Exists("/run/wireguard/probe"), Is.False, "the bind mount leaked into the root mount namespace");
            Assert.That(process.Output, Is.EqualTo("done\n"));
        });
    }

    [Test]
    public async Task StopAsync_ProcessIgnoringTerm_IsKilled()
    {
        var a = await Lab.AddHostAsync("a");
        var process = a.Start("sh", ["-c", "trap '' TERM; echo armed; while :; do sleep 0.1; done"]);
        await process.WaitForOutputAsync("armed", TimeSpan.FromSeconds(30));

        await process.StopAsync(TimeSpan.FromMilliseconds(300));

        Assert.That(process.HasExited, Is.True);
    }

    [Test]
    public async Task StopAsync_ProcessHonouringTerm_ExitsByTerm()
    {
        var a = await Lab.AddHostAsync("a");
        var process = a.Start("sh", ["-c", "trap 'exit 7' TERM; echo armed; while :; do sleep 0.1; done"]);
        await process.WaitForOutputAsync("armed", TimeSpan.FromSeconds(30));

        var exit = await process.StopAsync();

        Assert.That(exit, Is.EqualTo(7));
    }

    [Test]
    public async Task RunCheckedAsync_FailingCommand_ThrowsWithItsOutput()
    {
        var a = await Lab.AddHostAsync("a");

        var error = Assert.ThrowsAsync<LabCommandException>(() => a.RunCheckedAsync("ip", "link", "set", "nosuchlink", "up"));

        Assert.That(error!.Message, Does.Contain("nosuchlink"));
    }

    private async Task<(LabHost A, LabHost B)> TwoHostsOnSwitchAsync()
    {
        var a = await Lab.AddHostAsync("a");
        var b = await Lab.AddHostAsync("b");
        var underlay = await Lab.AddSwitchAsync("u");
        await Lab.ConnectAsync(a, "eth0", "192.0.2.1/24", underlay);
        await Lab.ConnectAsync(b, "eth0", "192.0.2.2/24", underlay);
        return (a, b);
    }
}
