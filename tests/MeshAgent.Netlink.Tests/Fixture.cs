namespace MeshAgent.Netlink.Tests;

/// <summary>
/// Reads a checked-in capture: one received datagram per line, in hex. Captured from kernel 6.18 by
/// <see cref="FixtureCapture"/> in a scratch namespace (lo, a veth pair "dummy0"/"peer0" with MTU 1400,
/// 192.0.2.7/24 and 2001:db8::7/64 on dummy0).
/// </summary>
internal static class Fixture
{
    public static IReadOnlyList<byte[]> Datagrams(string name) =>
        File.ReadAllLines(Path.Combine(TestContext.CurrentContext.TestDirectory, "Fixtures", name + ".hex"))
            .Where(line => line.Length > 0)
            .Select(Convert.FromHexString)
            .ToList();

    public static List<NetlinkMessage> Messages(string name) =>
        Datagrams(name).SelectMany(d => NetlinkMessage.ParseDatagram(d)).ToList();
}
