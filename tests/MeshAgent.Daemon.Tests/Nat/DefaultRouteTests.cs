using System.Net;
using MeshAgent.Daemon.Nat;

namespace MeshAgent.Daemon.Tests.Nat;

/// <summary>The default gateway from /proc/net/route text as the kernel prints it.</summary>
public sealed class DefaultRouteTests
{
    // Captured from `cat /proc/net/route` on a host with two default routes (metrics 100 and 600) and a LAN route.
    private const string TwoDefaults = """
        Iface	Destination	Gateway 	Flags	RefCnt	Use	Metric	Mask		MTU	Window	IRTT                                                       
        wlan0	00000000	0101A8C0	0003	0	0	600	00000000	0	0	0                                                                              
        eth0	00000000	014DA8C0	0003	0	0	100	00000000	0	0	0                                                                              
        eth0	004DA8C0	00000000	0001	0	0	100	00FFFFFF	0	0	0                                                                              

        """;

    [Test]
    public void ParseGateway_TwoDefaultRoutes_LowestMetricWins()
    {
        Assert.That(DefaultRoute.ParseGateway(TwoDefaults), Is.EqualTo(IPAddress.Parse("192.168.77.1")));
    }

    [Test]
    public void ParseGateway_OnlyLinkRoutes_Null()
    {
        const string table = "Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT\n"
            + "eth0\t0000000A\t00000000\t0001\t0\t0\t0\t00FFFFFF\t0\t0\t0\n";

        Assert.That(DefaultRoute.ParseGateway(table), Is.Null);
    }

    [Test]
    public void ParseGateway_DownRouteAndGarbage_Skipped()
    {
        const string table = "Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT\n"
            + "eth0\t00000000\t0100000A\t0002\t0\t0\t0\t00000000\t0\t0\t0\n"
            + "eth1\tzzzz\t0100000B\t0003\t0\t0\t0\t00000000\t0\t0\t0\n"
            + "short line\n"
            + "eth2\t00000000\t0100000C\t0003\t0\t0\t5\t00000000\t0\t0\t0\n";

        Assert.That(DefaultRoute.ParseGateway(table), Is.EqualTo(IPAddress.Parse("12.0.0.1")));
    }

    [Test]
    public void ReadGateway_MissingFile_Null()
    {
        Assert.That(DefaultRoute.ReadGateway(Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N"))), Is.Null);
    }
}
