using System.Net;
using MeshAgent.WireGuard.Userspace;

namespace MeshAgent.WireGuard.Tests.Userspace;

public sealed class UapiGetParserTests
{
    private static readonly string[] ExpectedAllowed = ["10.0.0.2/32", "fd00::2/128", "10.0.5.0/24"];

    [Test]
    public void Parse_RealWireGuardGoReply_ReadsEveryField()
    {
        var device = UapiGetParser.Parse("wg0", FixtureFiles.Read("uapi-get.txt"));

        Assert.That(device.Name, Is.EqualTo("wg0"));
        Assert.That(device.Backend, Is.EqualTo(WireGuardBackendKind.Userspace));
        Assert.That(device.PrivateKey?.ToBase64(), Is.EqualTo("UA15EvUZhOlrAF4MznbhVNRUDRt1maFb0gkeXESy60Y="));
        Assert.That(device.PublicKey, Is.Null, "UAPI does not report the public key; the client derives it");
        Assert.That(device.ListenPort, Is.EqualTo(51820));
        Assert.That(device.FirewallMark, Is.EqualTo(0x10u));
        Assert.That(device.Peers, Has.Count.EqualTo(3));

        var withPsk = device.Peers.Single(p => p.PresharedKey is not null);
        Assert.That(withPsk.PublicKey.ToBase64(), Is.EqualTo("bfcBmdKiXyd821U+M2JhXt1K2JhCiRL2TgJDRXRnwmg="));
        Assert.That(withPsk.PresharedKey?.ToBase64(), Is.EqualTo("gq5gqQqar8MyghO/HQ+JX3UPE3CbY6maaeNvSkMYoBA="));
        Assert.That(withPsk.Endpoint, Is.EqualTo(IPEndPoint.Parse("192.0.2.2:51820")));
        Assert.That(withPsk.PersistentKeepalive, Is.EqualTo(TimeSpan.FromSeconds(25)));
        Assert.That(withPsk.AllowedIPs.Select(n => n.ToString()), Is.EqualTo(ExpectedAllowed));
        Assert.That(withPsk.LastHandshake, Is.Null);
        Assert.That(withPsk.ProtocolVersion, Is.EqualTo(1));

        var v6 = device.Peers.Single(p => p.Endpoint?.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6);
        Assert.That(v6.Endpoint, Is.EqualTo(IPEndPoint.Parse("[2001:db8::1]:1234")));
        Assert.That(v6.PresharedKey, Is.Null, "an all-zero preshared key means none");
        Assert.That(v6.PersistentKeepalive, Is.EqualTo(TimeSpan.Zero));
    }

    [Test]
    public void Parse_HandshakeAndCounters_ConvertsUnits()
    {
        var device = UapiGetParser.Parse("wg0", FixtureFiles.Read("uapi-get-synthetic.txt"));
        var peer = device.Peers.Single(p => p.LastHandshake is not null);

        Assert.That(peer.LastHandshake, Is.EqualTo(DateTimeOffset.FromUnixTimeSeconds(1763770000).AddTicks(1234567)));
        Assert.That(peer.ReceiveBytes, Is.EqualTo(5368709120L));
        Assert.That(peer.TransmitBytes, Is.EqualTo(1536L));
    }

    [Test]
    public void Parse_EmptyDevice_HasNoKeyAndNoPeers()
    {
        var device = UapiGetParser.Parse("wg0", "listen_port=51123\nerrno=0\n\n");

        Assert.That(device.PrivateKey, Is.Null);
        Assert.That(device.ListenPort, Is.EqualTo(51123));
        Assert.That(device.Peers, Is.Empty);
    }

    [Test]
    public void Parse_NegativeErrno_ThrowsWithPositiveErrno()
    {
        var exception = Assert.Throws<WireGuardException>(() => UapiGetParser.Parse("wg0", "errno=-22\n\n"));
        Assert.That(exception!.Errno, Is.EqualTo(22));
        Assert.That(exception.Message, Does.Contain("Invalid argument"));
    }

    [Test]
    public void Parse_UnknownKeys_AreIgnored()
    {
        var device = UapiGetParser.Parse("wg0", "listen_port=1\nfuture_key=7\npublic_key=" + new string('1', 64) + "\nfuture_peer_key=x\nerrno=0\n\n");
        Assert.That(device.Peers, Has.Count.EqualTo(1));
    }

    [TestCase("")]
    [TestCase("listen_port=1\n")]
    [TestCase("listen_port=1\n\nerrno=0\n\n")]
    [TestCase("listen_port=x\nerrno=0\n\n")]
    [TestCase("listen_port=65536\nerrno=0\n\n")]
    [TestCase("private_key=abc\nerrno=0\n\n")]
    [TestCase("noequals\nerrno=0\n\n")]
    [TestCase("=1\nerrno=0\n\n")]
    [TestCase("public_key=1111111111111111111111111111111111111111111111111111111111111111\nendpoint=host:1\nerrno=0\n\n")]
    [TestCase("public_key=1111111111111111111111111111111111111111111111111111111111111111\nallowed_ip=10.0.0.1\nerrno=0\n\n")]
    [TestCase("public_key=1111111111111111111111111111111111111111111111111111111111111111\nallowed_ip=10.0.0.0/33\nerrno=0\n\n")]
    [TestCase("errno=0\nlisten_port=1\n\n")]
    [TestCase("errno=x\n\n")]
    [TestCase("errno=-\n\n")]
    public void Parse_MalformedReply_ThrowsProtocolException(string reply)
    {
        Assert.Throws<WireGuardProtocolException>(() => UapiGetParser.Parse("wg0", reply));
    }

    [Test]
    [CancelAfter(300_000)]
    public void Parse_MillionMutatedAndRandomReplies_ThrowOnlyTypedExceptions()
    {
        const int Iterations = 1_000_000;
        const int Seed = 20261122;
        string[] keys = ["private_key", "listen_port", "fwmark", "public_key", "preshared_key", "endpoint", "allowed_ip",
            "persistent_keepalive_interval", "last_handshake_time_sec", "last_handshake_time_nsec", "rx_bytes", "tx_bytes",
            "protocol_version", "errno", "future_key", ""];
        string[] values = [new string('a', 64), new string('0', 64), new string('f', 63), new string('g', 64), new string('1', 65), "",
            "0", "1", "-1", "-22", "65535", "65536", "4294967295", "4294967296", "9223372036854775807", "18446744073709551615",
            "18446744073709551616", "99999999999999999999999", "1.2.3.4:5", "[::1]:51820", "[fe80::1%eth0]:1", "1.2.3.4:65536",
            "[::1", "::1:5", "host:1", "10.0.0.0/8", "::/0", "::ffff:1.2.3.4/128", "1.2.3.4/33", "1.2.3.4/-1", "1.2.3.4/", "/8",
            "fd00::1/129", "1.2.3.4"];
        var fuzzer = new TextFuzzer([FixtureFiles.Read("uapi-get.txt"), FixtureFiles.Read("uapi-get-synthetic.txt")],
            keys, values, "=", "errno=0\n\n");
        var random = new Random(Seed);
        var cancellation = TestContext.CurrentContext.CancellationToken;
        int accepted = 0, rejected = 0, errnoReplies = 0;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        for (var i = 0; i < Iterations; i++)
        {
            if ((i & 0xFFF) == 0)
            {
                cancellation.ThrowIfCancellationRequested();
            }

            var text = fuzzer.Next(random);
            try
            {
                UapiGetParser.Parse("wg0", text);
                accepted++;
            }
            catch (WireGuardProtocolException)
            {
                rejected++;
            }
            catch (WireGuardException)
            {
                // A well-formed reply carrying a non-zero errno: the device's error, reported typed.
                errnoReplies++;
            }
            catch (Exception exception)
            {
                Assert.Fail($"input {i}: {exception}\n---\n{text}\n---");
            }
        }

        TestContext.Out.WriteLine($"seed {Seed}: {Iterations:N0} replies in {clock.Elapsed.TotalSeconds:F1} s, {accepted:N0} accepted, "
            + $"{rejected:N0} rejected with WireGuardProtocolException, {errnoReplies:N0} non-zero errno");
        Assert.Multiple(() =>
        {
            Assert.That(accepted, Is.GreaterThan(Iterations / 100));
            Assert.That(rejected, Is.GreaterThan(Iterations / 100));
        });
    }
}
