using MeshAgent.WireGuard.Configuration;

namespace MeshAgent.WireGuard.Tests.Configuration;

public sealed class WgConfigWriterTests
{
    [TestCase("real", "uapi-get.txt")]
    [TestCase("synthetic", "uapi-get-synthetic.txt")]
    public void Write_SameUapiReplyAsWgShowconf_IsByteIdentical(string prefix, string reply)
    {
        Assert.That(WgConfigWriter.Write(FixtureDevices.FromUapi(reply)), Is.EqualTo(FixtureFiles.Read($"{prefix}-showconf.conf")));
    }

    [Test]
    public void Write_EmptyDevice_IsInterfaceHeaderAndBlankLine()
    {
        var device = new WireGuardDevice("wg0", WireGuardBackendKind.Userspace, null, null, 0, 0, []);
        Assert.That(WgConfigWriter.Write(device), Is.EqualTo("[Interface]\n\n"));
    }

    [Test]
    public void Write_ThenParse_RoundTrips()
    {
        var device = FixtureDevices.Synthetic;
        var parsed = WgConfigParser.Parse(WgConfigWriter.Write(device));
        var desired = parsed.ToDesiredDevice("wg0");

        Assert.That(DeviceDiff.IsEmpty(DeviceDiff.Compute(desired, device)), Is.True);
        Assert.That(DeviceDiff.IsEmpty(DeviceDiff.Compute(device, desired)), Is.True);
    }
}
