using MeshAgent.Firewall.Rules;

namespace MeshAgent.Firewall.Tests;

internal static class SampleSpecs
{
    public static FirewallSpec Hub { get; } = new()
    {
        UdpPorts = [51820],
        TcpPorts = [22],
        TrustedInterfaces = ["wg0", "br0"],
        ForwardInterfaces = ["wg0", "br0"],
        MasqueradeInterfaces = ["wan0"],
        MasqueradeSources = ["10.10.10.0/24", "10.10.11.0/24"],
        MssClampInterface = "wg0",
        DropOtherInput = true,
    };

    public static FirewallSpec Spoke { get; } = new()
    {
        UdpPorts = [51820],
        TrustedInterfaces = ["wg0"],
        MssClampInterface = "wg0",
    };
}
