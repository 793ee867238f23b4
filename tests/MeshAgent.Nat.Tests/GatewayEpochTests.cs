using System.Net;

namespace MeshAgent.Nat.Tests;

[TestFixture]
public sealed class GatewayEpochTests
{
    private static readonly DateTimeOffset Granted = new(2026, 12, 3, 8, 0, 0, TimeSpan.Zero);
    private static readonly PortMapping Previous = new(PortMappingProtocol.NatPmp, 51820, new IPEndPoint(IPAddress.Parse("203.0.113.7"), 51820), TimeSpan.FromHours(2), Granted, 1000);

    [TestCase(600u, 0, ExpectedResult = true, TestName = "IndicatesRestart_EpochBackwards_True")]
    [TestCase(1600u, 600, ExpectedResult = false, TestName = "IndicatesRestart_EpochAdvancedWithTime_False")]
    [TestCase(1525u, 600, ExpectedResult = false, TestName = "IndicatesRestart_GatewayClockEighthSlow_False")]
    [TestCase(10u, 600, ExpectedResult = true, TestName = "IndicatesRestart_SmallEpochLater_True")]
    public bool IndicatesRestart_Cases(uint newEpoch, int secondsLater) =>
        GatewayEpoch.IndicatesRestart(Previous, newEpoch, Granted.AddSeconds(secondsLater));
}
