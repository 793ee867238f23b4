using MeshAgent.Firewall.Nftables;
using MeshAgent.Firewall.Rules;
using MeshAgent.Lab;
using NUnit.Framework;

namespace MeshAgent.Firewall.Tests.Lab;

/// <summary>The nftables backend against the real kernel, in lab hosts of their own.</summary>
public sealed class NftablesLabTests : LabTest
{
    // An admin's default-drop table and Docker-like iptables-nft tables: they must survive byte for byte.
    private const string ForeignRuleset = """
        table inet filter {
            chain input {
                type filter hook input priority filter; policy drop;
                ct state established,related accept
                iifname "lo" accept
                tcp dport 22 accept
            }
        }
        table ip nat {
            chain DOCKER {
            }
            chain POSTROUTING {
                type nat hook postrouting priority srcnat; policy accept;
                ip saddr 172.17.0.0/16 oifname != "docker0" counter masquerade
            }
        }
        table ip filter {
            chain DOCKER-USER {
                counter return
            }
            chain FORWARD {
                type filter hook forward priority filter; policy drop;
                counter jump DOCKER-USER
            }
        }

        """;

    private static readonly string[] ForeignTables = ["inet filter", "ip nat", "ip filter"];

    [Test]
    public async Task ApplyAndCleanup_ForeignTables_SurviveByteForByteAndDropIsReported()
    {
        RequireTools("nft");
        var host = await Lab.AddHostAsync("h");
        await host.RunAsync("nft", ["-f", "-"], TimeSpan.FromSeconds(30), ForeignRuleset).ContinueWith(t => t.Result.EnsureSuccess(), TaskScheduler.Default);
        var before = await ListForeignAsync(host);
        var reconciler = new NftablesReconciler(InHost(host), () => SampleSpecs.Hub);

        var plan = await reconciler.PlanAsync(CancellationToken.None);
        var result = await reconciler.ApplyAsync(plan, CancellationToken.None);
        var second = await reconciler.PlanAsync(CancellationToken.None);
        var ours = (await host.RunCheckedAsync("nft", "list", "table", "inet", "meshagent")).StdOut;
        TestContext.Out.WriteLine(ours);
        var afterApply = await ListForeignAsync(host);
        Assert.Multiple(() =>
        {
            Assert.That(result.Converged, Is.True);
            Assert.That(second.IsEmpty, Is.True, "apply twice changes nothing");
            Assert.That(afterApply, Is.EqualTo(before));
            Assert.That(ours, Does.Contain("udp dport 51820 accept"));
            Assert.That(reconciler.Notices, Has.Some.StartsWith("table inet filter chain input (hook input, policy drop)"));
            Assert.That(reconciler.Notices, Has.Some.StartsWith("table ip filter chain FORWARD (hook forward, policy drop)"));
        });

        Assert.That(await reconciler.CleanupAsync(CancellationToken.None), Is.True);
        Assert.Multiple(async () =>
        {
            Assert.That(await ListForeignAsync(host), Is.EqualTo(before));
            Assert.That((await host.RunAsync("nft", "list", "table", "inet", "meshagent")).Succeeded, Is.False);
        });
    }

    [Test]
    public async Task ApplyAsync_DropOtherInput_AdmitsAllowedPortsAndDropsOthers()
    {
        RequireTools("nft", "socat");
        var client = await Lab.AddHostAsync("c");
        var server = await Lab.AddHostAsync("s");
        await Lab.LinkAsync(client, "eth0", "192.0.2.1/24", server, "eth0", "192.0.2.2/24");
        server.Start("socat", ["TCP-LISTEN:22,fork,reuseaddr", "SYSTEM:echo ssh"]);
        server.Start("socat", ["TCP-LISTEN:2222,fork,reuseaddr", "SYSTEM:echo other"]);
        await Poll.UntilAsync(async () => await ConnectsAsync(client, 22) && await ConnectsAsync(client, 2222), TimeSpan.FromSeconds(30), "both listeners answer before the firewall");

        var spec = new FirewallSpec { UdpPorts = [51820], TcpPorts = [22], TrustedInterfaces = ["wg0"], DropOtherInput = true };
        var reconciler = new NftablesReconciler(InHost(server), () => spec);
        var result = await reconciler.ApplyAsync(await reconciler.PlanAsync(CancellationToken.None), CancellationToken.None);

        Assert.Multiple(async () =>
        {
            Assert.That(result.Converged, Is.True);
            Assert.That(await ConnectsAsync(client, 22), Is.True, "SSH still answers");
            Assert.That(await ConnectsAsync(client, 2222), Is.False, "other input is dropped");
        });
    }

    private static NftProcess InHost(LabHost host) => new("ip", ["netns", "exec", host.Namespace, "nft"]);

    private static async Task<bool> ConnectsAsync(LabHost client, int port)
    {
        var result = await client.RunAsync("socat", ["-u", $"TCP:192.0.2.2:{port},connect-timeout=3", "-"], TimeSpan.FromSeconds(30));
        return result.Succeeded && result.StdOut.Length > 0;
    }

    private static async Task<List<string>> ListForeignAsync(LabHost host)
    {
        var listings = new List<string>();
        foreach (var table in ForeignTables)
        {
            var parts = table.Split(' ');
            listings.Add((await host.RunCheckedAsync("nft", "list", "table", parts[0], parts[1])).StdOut);
        }

        return listings;
    }
}
