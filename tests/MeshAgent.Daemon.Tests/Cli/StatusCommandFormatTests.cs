using MeshAgent.Cli.Commands;
using MeshAgent.Core.Api;

namespace MeshAgent.Daemon.Tests.Cli;

public class StatusCommandFormatTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 1, 0, 0, TimeSpan.Zero);

    [Test]
    public void Format_ConvergedAndFailingSubsystems_AlignedRowsWithProblemAndRetry()
    {
        var status = new NodeStatus(
            "hub-1", "0.1.0", "0123456789abcdef0123", Now.AddHours(-2), 7384, false, "degraded: dnsmasq: restart loop", Now.AddSeconds(-3),
        [
            new SubsystemStatus("wireguard", SubsystemState.Converged, null, Now.AddSeconds(-3), Now.AddSeconds(-3), 0, null, 0.002),
            new SubsystemStatus("dnsmasq", SubsystemState.Failed, "restart loop", Now.AddSeconds(-3), null, 3, Now.AddSeconds(8), 0.5),
            new SubsystemStatus("bridges", SubsystemState.Pending, null, null, null, 0, null, null),
        ]);

        var text = StatusCommand.Format(status, Now);

        Assert.That(text, Is.EqualTo(
            "node       hub-1\n" +
            "state      degraded: dnsmasq: restart loop\n" +
            "ready      no\n" +
            "version    0.1.0 (0123456789ab)\n" +
            "uptime     2h 3m\n" +
            "reconciled 3s ago\n" +
            "subsystems\n" +
            "  wireguard  converged  3s ago\n" +
            "  dnsmasq    failed     restart loop; retry in 8s (3 failures)\n" +
            "  bridges    pending\n"));
    }

    [Test]
    public void PortMappingText_Mapped_ProtocolEndpointExpiryGateway()
    {
        var mapping = new PortMappingStatus("mapped", "10.0.0.1", 51820, "natpmp", "198.51.100.7:51820", Now.AddMinutes(119).AddSeconds(30), false, ["natpmp", "pcp"], null, null);

        Assert.That(StatusCommand.PortMappingText(mapping, Now), Is.EqualTo("natpmp 198.51.100.7:51820, expires in 1h 59m (gateway 10.0.0.1)"));
    }

    [Test]
    public void PortMappingText_NoGateway_StateProblemRetry()
    {
        var mapping = new PortMappingStatus("no-gateway", null, 51820, null, null, null, false, [], "no NAT-PMP, PCP or UPnP IGD answer from the gateway", Now.AddSeconds(30));

        Assert.That(StatusCommand.PortMappingText(mapping, Now), Is.EqualTo("no-gateway: no NAT-PMP, PCP or UPnP IGD answer from the gateway; retry in 30s (no default route)"));
    }
}
