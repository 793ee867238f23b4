using MeshAgent.WireGuard.Userspace;

namespace MeshAgent.WireGuard.Tests;

/// <summary>Devices parsed from the captured UAPI replies, with the public key derived as wg(8) does.</summary>
internal static class FixtureDevices
{
    public static WireGuardDevice FromUapi(string fixture)
    {
        var device = UapiGetParser.Parse("wg0", FixtureFiles.Read(fixture));
        return device with { PublicKey = WireGuardKeys.PublicKeyOf(device.PrivateKey!.Value) };
    }

    /// <summary>The real capture ("real-*" fixtures).</summary>
    public static WireGuardDevice Real => FromUapi("uapi-get.txt");

    /// <summary>The synthetic capture ("synthetic-*" fixtures).</summary>
    public static WireGuardDevice Synthetic => FromUapi("uapi-get-synthetic.txt");
}
