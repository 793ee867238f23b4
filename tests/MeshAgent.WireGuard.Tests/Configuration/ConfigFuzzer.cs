using System.Diagnostics;
using MeshAgent.WireGuard.Configuration;

namespace MeshAgent.WireGuard.Tests.Configuration;

/// <summary>The fuzz loop shared by the wg(8) and wg-quick parser tests: a million inputs, only <see cref="WgConfigException"/> allowed.</summary>
internal static class ConfigFuzzer
{
    public const int Iterations = 1_000_000;

    private static readonly string[] WgKeys = ["[Interface]", "[Peer]", "[interface]", "[PEER]", "[Other]", "PrivateKey", "ListenPort", "FwMark",
        "PublicKey", "PresharedKey", "AllowedIPs", "Endpoint", "PersistentKeepalive", "public key", "allowedips", "#", "Foo", ""];

    private static readonly string[] Values = ["UA15EvUZhOlrAF4MznbhVNRUDRt1maFb0gkeXESy60Y=", "bfcBmdKiXyd821U+M2JhXt1K2JhCiRL2TgJDRXRnwmg=",
        "bfcBmdKiXyd821U+M2JhXt1K2JhCiRL2TgJDRXRnwmh=", "AAAA", new string('A', 43) + "=", new string('/', 44), "", " ", "0", "off", "OFF", "1",
        "65535", "65536", "0x10", "0xffffffff", "0x100000000", "0x", "-1", "99999999999999999999", "10.0.0.1/32, fd00::1/128", "10.0.0.1", "::/0",
        "10.0.0.1/33", "fd00::/129", "1.2.3.4/-1", "10.0.0.300/32", ",,", "10.0.0.0/8,,::/0", "::ffff:10.0.0.1/120", "1.2.3.4:51820",
        "[2001:db8::1]:1234", "[fe80::1%eth0]:1", "[::1", "::1:5", "1.2.3.4", "1.2.3.4:", "1.2.3.4:70000", "host.example:1", "[]:1",
        "10.0.0.1/24, fd10::1/64", "1.1.1.1, mesh", "1280", "67", "off", "auto", "true", "false", "maybe", "echo %i; x=y"];

    public static TextFuzzer Create(string[] seeds, string[] extraKeys) =>
        new(seeds, [.. WgKeys, .. extraKeys], Values, " = ", string.Empty);

    /// <summary>Runs <see cref="Iterations"/> inputs through <paramref name="parse"/>; fails on any exception but <see cref="WgConfigException"/>.</summary>
    public static (int Accepted, int Rejected, double Seconds) Run(TextFuzzer fuzzer, int seed, Action<string> parse)
    {
        var random = new Random(seed);
        var cancellation = TestContext.CurrentContext.CancellationToken;
        int accepted = 0, rejected = 0;
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < Iterations; i++)
        {
            if ((i & 0xFFF) == 0)
            {
                cancellation.ThrowIfCancellationRequested();
            }

            var text = fuzzer.Next(random);
            try
            {
                parse(text);
                accepted++;
            }
            catch (WgConfigException)
            {
                rejected++;
            }
            catch (Exception exception)
            {
                Assert.Fail($"input {i}: {exception}\n---\n{text}\n---");
            }
        }

        return (accepted, rejected, clock.Elapsed.TotalSeconds);
    }
}
