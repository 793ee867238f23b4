using System.Net;
using MeshAgent.Dnsmasq.Configuration;

namespace MeshAgent.Dnsmasq.Tests;

/// <summary>Options used by several tests: the DESIGN.md example, fully populated.</summary>
internal static class SampleOptions
{
    public static DnsmasqOptions Full(string runtimeDirectory = "/run/meshagent/dnsmasq") => new()
    {
        Interfaces = ["br0", "wg0"],
        NoDhcpInterfaces = ["enp1s0", "wg0"],
        Domain = "lan",
        MeshDomain = "mesh",
        DhcpRanges = [new DhcpRange(IPAddress.Parse("10.10.10.100"), IPAddress.Parse("10.10.10.200"), TimeSpan.FromHours(12))],
        Router = IPAddress.Parse("10.10.10.1"),
        DnsServers = [IPAddress.Parse("10.10.10.1")],
        Reservations = [new DhcpReservation("AA:BB:CC:DD:EE:FF", IPAddress.Parse("10.10.10.10"), "fileserv")],
        StaticHosts = [new StaticHost(IPAddress.Parse("10.10.10.2"), ["switch", "core-switch"])],
        UpstreamServers = [IPAddress.Parse("1.1.1.1"), IPAddress.Parse("2606:4700:4700::1111")],
        MeshHosts =
        [
            new MeshHost("spoke-7", [IPAddress.Parse("10.10.11.7"), IPAddress.Parse("fd00:11::7")]),
            new MeshHost("hub-1", [IPAddress.Parse("10.10.11.1")]),
        ],
        RuntimeDirectory = runtimeDirectory,
    };

    public static DnsmasqOptions Minimal(string runtimeDirectory = "/run/meshagent/dnsmasq") => new()
    {
        Interfaces = ["br0"],
        RuntimeDirectory = runtimeDirectory,
        Port = 5353,
        User = "dnsmasq",
        LocalTtl = TimeSpan.Zero,
    };
}
