using System.Diagnostics;
using System.Net;
using MeshAgent.Core.Clients;

namespace MeshAgent.Core.Tests.Clients;

public sealed class WgQuickConfigWriterTests
{
    private const string DevicePrivateKey = "yAnz5TF+lXXJte14tji3zlMNq+hd2rYUIgJBgB3fBmk=";
    private const string HubKey = "xTIBA5rboUvnH4htodjb6e697QjLERt1NAB4mZqp8Dg=";

    private static ClientConfig Sample() => new(
        DevicePrivateKey,
        IPAddress.Parse("10.10.11.40"),
        IPAddress.Parse("10.10.11.1"),
        "mesh",
        HubKey,
        "192.0.2.1:51820",
        ClientConfig.AllowedIPsFor(ClientRouting.Mesh, IPNetwork.Parse("10.10.11.0/24"), null, [IPNetwork.Parse("10.10.10.0/24")]),
        TimeSpan.FromSeconds(25));

    [Test]
    public void Render_MeshClient_WritesInterfaceAndHubPeer()
    {
        var text = WgQuickConfigWriter.Render(Sample());

        Assert.That(text, Is.EqualTo(
            "[Interface]\n" +
            $"PrivateKey = {DevicePrivateKey}\n" +
            "Address = 10.10.11.40/32\n" +
            "DNS = 10.10.11.1, mesh\n" +
            "\n" +
            "[Peer]\n" +
            $"PublicKey = {HubKey}\n" +
            "Endpoint = 192.0.2.1:51820\n" +
            "AllowedIPs = 10.10.11.0/24, 10.10.10.0/24\n" +
            "PersistentKeepalive = 25\n"));
    }

    [Test]
    public void Render_DeviceKeepsItsOwnKey_PrivateKeyLineIsACommentToFillIn()
    {
        var text = WgQuickConfigWriter.Render(Sample() with { PrivateKey = string.Empty });

        Assert.That(text, Does.StartWith("[Interface]\n# PrivateKey = "));
        Assert.That(text, Does.Not.Contain(DevicePrivateKey));
    }

    [Test]
    public void Render_NoDnsNoKeepalive_LeavesBothOut()
    {
        var text = WgQuickConfigWriter.Render(Sample() with { Dns = null, PersistentKeepalive = TimeSpan.Zero });

        Assert.That(text, Does.Not.Contain("DNS").And.Not.Contain("PersistentKeepalive"));
    }

    [Test]
    public void AllowedIPsFor_All_RoutesEverything()
    {
        var prefixes = ClientConfig.AllowedIPsFor(ClientRouting.All, IPNetwork.Parse("10.10.11.0/24"), null, []);

        Assert.That(prefixes.Select(p => p.ToString()), Is.EqualTo(new[] { "0.0.0.0/0", "::/0" }));
    }

    [Test]
    public void AllowedIPsFor_SubnetInsideMeshPrefixOrRepeated_ListedOnce()
    {
        var prefixes = ClientConfig.AllowedIPsFor(
            ClientRouting.Mesh,
            IPNetwork.Parse("10.10.0.0/16"),
            IPNetwork.Parse("fd00:10::/64"),
            [IPNetwork.Parse("10.10.5.0/24"), IPNetwork.Parse("192.168.1.0/24"), IPNetwork.Parse("192.168.1.0/24")]);

        Assert.That(prefixes.Select(p => p.ToString()), Is.EqualTo(new[] { "10.10.0.0/16", "fd00:10::/64", "192.168.1.0/24" }));
    }

    [Test]
    public void ToString_NeverShowsThePrivateKey()
    {
        Assert.That(Sample().ToString(), Does.Not.Contain(DevicePrivateKey));
    }

    [Test]
    public void Render_WgQuickStrip_ParsesEveryKey()
    {
        if (!File.Exists("/usr/bin/wg-quick"))
        {
            Assert.Ignore("wg-quick is not installed (package wireguard-tools, listed in .ci/packages.txt)");
        }

        var directory = Directory.CreateTempSubdirectory("ma-wgquick-");
        try
        {
            // wg-quick takes the interface name from the file name.
            var path = Path.Combine(directory.FullName, "mesh0.conf");
            File.WriteAllText(path, WgQuickConfigWriter.Render(Sample()));
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            using var process = Process.Start(new ProcessStartInfo("/usr/bin/wg-quick", ["strip", path])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            })!;
            var output = process.StandardOutput.ReadToEnd();
            var error = process.StandardError.ReadToEnd();
            process.WaitForExit();

            Assert.That(process.ExitCode, Is.Zero, error);
            // strip keeps what wg(8) understands and drops the wg-quick keys (Address, DNS).
            Assert.That(output, Does.Contain($"PrivateKey = {DevicePrivateKey}")
                .And.Contain("AllowedIPs = 10.10.11.0/24, 10.10.10.0/24")
                .And.Contain("Endpoint = 192.0.2.1:51820")
                .And.Not.Contain("Address")
                .And.Not.Contain("DNS"));
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}
