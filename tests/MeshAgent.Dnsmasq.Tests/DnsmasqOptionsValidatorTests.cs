using System.Net;
using MeshAgent.Dnsmasq.Configuration;

namespace MeshAgent.Dnsmasq.Tests;

public sealed class DnsmasqOptionsValidatorTests
{
    private static IEnumerable<TestCaseData> InjectionCases()
    {
        var full = SampleOptions.Full();
        yield return new TestCaseData(full with { Interfaces = ["br0\nserver=6.6.6.6"] }, "interfaces[0]").SetName("Validate_NewlineInInterface_Problem");
        yield return new TestCaseData(full with { Interfaces = ["br0,wg0"] }, "interfaces[0]").SetName("Validate_CommaInInterface_Problem");
        yield return new TestCaseData(full with { NoDhcpInterfaces = ["en=p1"] }, "no_dhcp_interfaces[0]").SetName("Validate_EqualsInNoDhcpInterface_Problem");
        yield return new TestCaseData(full with { Domain = "lan=x" }, "domain").SetName("Validate_EqualsInDomain_Problem");
        yield return new TestCaseData(full with { MeshDomain = "mesh\n" }, "mesh_domain").SetName("Validate_TrailingNewlineInMeshDomain_Problem");
        yield return new TestCaseData(full with { Reservations = [new DhcpReservation("aa:bb:cc:dd:ee:ff", IPAddress.Parse("10.10.10.10"), "file,serv")] }, "dhcp.reservations[0].name").SetName("Validate_CommaInReservationName_Problem");
        yield return new TestCaseData(full with { Reservations = [new DhcpReservation("aa:bb:cc:dd:ee:ff\n", IPAddress.Parse("10.10.10.10"), "x")] }, "dhcp.reservations[0].mac").SetName("Validate_NewlineAfterMac_Problem");
        yield return new TestCaseData(full with { StaticHosts = [new StaticHost(IPAddress.Parse("10.10.10.2"), ["sw itch"])] }, "hosts[0].names[0]").SetName("Validate_SpaceInStaticName_Problem");
        yield return new TestCaseData(full with { MeshHosts = [new MeshHost("hub.1", [IPAddress.Parse("10.10.11.1")])] }, "mesh_hosts[0].name").SetName("Validate_DotInMeshName_Problem");
        yield return new TestCaseData(full with { MeshHosts = [new MeshHost("meshagent-probe", [IPAddress.Parse("10.10.11.1")])] }, "mesh_hosts[0].name").SetName("Validate_MeshNameIsProbeName_Problem");
        yield return new TestCaseData(full with { RuntimeDirectory = "/run/x\n/y" }, "runtime_dir").SetName("Validate_NewlineInRuntimeDir_Problem");
        yield return new TestCaseData(full with { RuntimeDirectory = "run/x" }, "runtime_dir").SetName("Validate_RelativeRuntimeDir_Problem");
        yield return new TestCaseData(full with { RuntimeDirectory = "/run/../etc" }, "runtime_dir").SetName("Validate_DotDotInRuntimeDir_Problem");
        yield return new TestCaseData(full with { User = "root\nconf-dir=/etc" }, "user").SetName("Validate_NewlineInUser_Problem");
        yield return new TestCaseData(full with { Interfaces = [] }, "interfaces").SetName("Validate_NoInterfaces_Problem");
        yield return new TestCaseData(full with { Router = IPAddress.Parse("fd00::1") }, "dhcp.router").SetName("Validate_IPv6Router_Problem");
        yield return new TestCaseData(full with { DhcpRanges = [new DhcpRange(IPAddress.Parse("10.10.10.200"), IPAddress.Parse("10.10.10.100"), TimeSpan.FromHours(1))] }, "dhcp.ranges[0]").SetName("Validate_RangeBackwards_Problem");
        yield return new TestCaseData(full with { DhcpRanges = [new DhcpRange(IPAddress.Parse("10.10.10.100"), IPAddress.Parse("10.10.10.200"), TimeSpan.FromSeconds(60))] }, "dhcp.ranges[0].lease_time").SetName("Validate_LeaseTooShort_Problem");
        yield return new TestCaseData(full with { Port = 0 }, "port").SetName("Validate_PortZero_Problem");
        yield return new TestCaseData(full with { MeshDomain = "LAN" }, "mesh_domain").SetName("Validate_MeshDomainEqualsDomain_Problem");
        yield return new TestCaseData(full with { UpstreamServers = [IPAddress.Parse("fe80::1%2")] }, "upstream[0]").SetName("Validate_ScopedUpstream_Problem");
        yield return new TestCaseData(
            full with { Reservations = [new DhcpReservation("aa:bb:cc:dd:ee:ff", IPAddress.Parse("10.10.10.10"), null), new DhcpReservation("AA:BB:CC:DD:EE:FF", IPAddress.Parse("10.10.10.11"), null)] },
            "dhcp.reservations[1].mac").SetName("Validate_MacReservedTwice_Problem");
    }

    [TestCaseSource(nameof(InjectionCases))]
    public void Validate(DnsmasqOptions options, string path)
    {
        var problems = DnsmasqOptionsValidator.Validate(options);

        Assert.That(problems, Has.Some.StartsWith(path + ":"));
        Assert.That(problems.All(p => !p.Contains('\n', StringComparison.Ordinal)), Is.True, "problems never echo a newline");
    }

    [Test]
    public void Validate_SampleOptions_NoProblems()
    {
        Assert.Multiple(() =>
        {
            Assert.That(DnsmasqOptionsValidator.Validate(SampleOptions.Full()), Is.Empty);
            Assert.That(DnsmasqOptionsValidator.Validate(SampleOptions.Minimal()), Is.Empty);
        });
    }

    [Test]
    public void Validate_SeveralProblems_ReportsEach()
    {
        var options = SampleOptions.Full() with { Domain = "a b", Port = -1, User = "" };

        Assert.That(DnsmasqOptionsValidator.Validate(options), Has.Count.EqualTo(3));
    }

    [TestCase("a", true)]
    [TestCase("hub-1", true)]
    [TestCase("-hub", false)]
    [TestCase("hub-", false)]
    [TestCase("", false)]
    [TestCase("a.b", false)]
    [TestCase("x\n", false)]
    public void IsLabel_Value_Expected(string value, bool expected)
    {
        Assert.That(DnsmasqOptionsValidator.IsLabel(value), Is.EqualTo(expected));
    }
}
