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
}
