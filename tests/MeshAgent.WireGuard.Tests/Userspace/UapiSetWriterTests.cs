using System.Net;
using MeshAgent.WireGuard.Userspace;

namespace MeshAgent.WireGuard.Tests.Userspace;

public sealed class UapiSetWriterTests
{
    private static readonly WireGuardKey KeyA = new(Enumerable.Repeat((byte)0xaa, 32).ToArray());
    private static readonly WireGuardKey KeyB = new(Enumerable.Repeat((byte)0xbb, 32).ToArray());

    [Test]
    public void Write_EmptyConfig_IsOnlyTheHeader()
    {
        Assert.That(UapiSetWriter.Write(new DeviceConfig()), Is.EqualTo("set=1\n\n"));
    }

    [Test]
    public void Write_EveryField_InProtocolOrder()
    {
        var config = new DeviceConfig
        {
            PrivateKey = KeyA,
            ListenPort = 51820,
            FirewallMark = 0x1234,
            ReplacePeers = true,
            Peers =
            [
                new PeerConfig
                {
                    PublicKey = KeyB,
                    UpdateOnly = true,
                    PresharedKey = default(WireGuardKey),
                    Endpoint = IPEndPoint.Parse("[2001:db8:0:0:1:0:0:1]:51820"),
                    PersistentKeepalive = TimeSpan.FromSeconds(25),
                    ReplaceAllowedIPs = true,
                    AllowedIPs = [IPNetwork.Parse("10.0.0.0/24"), IPNetwork.Parse("::ffff:10.0.0.0/120")],
                },
                new PeerConfig { PublicKey = KeyA, Remove = true, AllowedIPs = [IPNetwork.Parse("10.9.0.0/16")] },
            ],
        };

        var expected = "set=1\n"
            + "private_key=" + new string('a', 64) + "\n"
            + "listen_port=51820\n"
            + "fwmark=4660\n"
            + "replace_peers=true\n"
            + "public_key=" + new string('b', 64) + "\n"
            + "update_only=true\n"
            + "preshared_key=" + new string('0', 64) + "\n"
            + "endpoint=[2001:db8::1:0:0:1]:51820\n"
            + "persistent_keepalive_interval=25\n"
            + "replace_allowed_ips=true\n"
            + "allowed_ip=10.0.0.0/24\n"
            + "allowed_ip=::ffff:10.0.0.0/120\n"
            + "public_key=" + new string('a', 64) + "\n"
            + "remove=true\n"
            + "\n";
        Assert.That(UapiSetWriter.Write(config), Is.EqualTo(expected));
    }

    [Test]
    public void Write_ListenPortOutOfRange_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => UapiSetWriter.Write(new DeviceConfig { ListenPort = 70000 }));
    }
}
