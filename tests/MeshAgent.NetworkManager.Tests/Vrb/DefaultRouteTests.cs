using System.Net;
using MeshAgent.NetworkManager.Vrb;

namespace MeshAgent.NetworkManager.Tests.Vrb;

public sealed class DefaultRouteTests
{
    // Captured from this machine's /proc/net/route, plus a second default route with a higher metric.
    private const string ProcNetRoute =
        "Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT\n" +
        "eth1\t00000000\t FE0200C0\t0003\t0\t0\t600\t00000000\t0\t0\t0\n" +
        "eth0\t00000000\t010200C0\t0003\t0\t0\t0\t00000000\t0\t0\t0\n" +
        "eth0\t000200C0\t00000000\t0001\t0\t0\t0\t00FFFFFF\t0\t0\t0\n";

    [Test]
    public void ParseProcNetRoute_TwoDefaults_LowestMetricGateway() =>
        Assert.That(DefaultRoute.ParseProcNetRoute(ProcNetRoute), Is.EqualTo(IPAddress.Parse("192.0.2.1")));

    [Test]
    public void ParseProcNetRoute_NoDefault_Null() =>
        Assert.That(DefaultRoute.ParseProcNetRoute(
            "Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\n eth0\t000200C0\t00000000\t0001\t0\t0\t0\t00FFFFFF\n"), Is.Null);

    [Test]
    public void ParseProcNetRoute_Garbage_NullWithoutThrowing() =>
        Assert.That(DefaultRoute.ParseProcNetRoute("header\nnot a route line\n\u0000\u0001 zz zz zz zz zz zz zz\n"), Is.Null);
}
