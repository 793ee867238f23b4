using System.Globalization;
using MeshAgent.Lab;
using MeshAgent.Lab.Mesh;

namespace MeshAgent.Demo;

/// <summary>
/// The demo mesh: an underlay switch, one hub holding the mesh authority and N−1 spokes joining with
/// single-use tokens, each a network namespace running the real meshagent (userspace WireGuard, gossip,
/// dnsmasq, an nftables firewall table). Waits until every host knows every other as alive and reaches it by mesh address, prints each
/// host's `meshctl status`, the hub's and a spoke's firewall table and how to look around, and tears everything down at the end (also on failure or
/// Ctrl+C). `--hosts N` (default 3), `--hold` keeps it up until Ctrl+C, `--down` removes what a killed demo left.
/// </summary>
internal static class Program
{
    private static async Task<int> Main(string[] args)
    {
        var hold = args.Contains("--hold", StringComparer.Ordinal);
        var hosts = 3;
        var index = Array.IndexOf(args, "--hosts");
        if (index >= 0 && (index + 1 >= args.Length || !int.TryParse(args[index + 1], CultureInfo.InvariantCulture, out hosts) || hosts is < 2 or > 30))
        {
            await Console.Error.WriteLineAsync("demo: --hosts takes a number from 2 to 30");
            return 2;
        }

        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancel.Cancel();
        };

        LabNetwork lab;
        try
        {
            // Creating the lab sweeps what dead demo runs left behind.
            lab = await LabNetwork.CreateAsync("demo");
        }
        catch (LabUnavailableException e)
        {
            await Console.Error.WriteLineAsync($"demo: this machine cannot run the lab: {e.Message}");
            return 1;
        }

        await using (lab)
        {
            if (args.Contains("--down", StringComparer.Ordinal))
            {
                Console.WriteLine("removed what earlier demo runs left behind (if anything)");
                return 0;
            }

            try
            {
                await RunAsync(lab, hosts, hold, cancel.Token);
                return 0;
            }
            catch (Exception e) when (e is TimeoutException or LabCommandException or InvalidOperationException)
            {
                lab.KeepDirectory = true;
                await Console.Error.WriteLineAsync($"demo failed: {e.Message}\nlogs kept in {lab.Directory}");
                return 1;
            }
            catch (OperationCanceledException)
            {
                return 0;
            }
        }
    }

    /// <summary>VmRSS of <paramref name="pid"/> from /proc, e.g. "61.2 MiB".</summary>
    private static string ResidentMegabytes(int pid)
    {
        var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        var kilobytes = line is null ? 0 : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
        return string.Create(CultureInfo.InvariantCulture, $"{kilobytes / 1024.0:0.0} MiB");
    }

    private static async Task RunAsync(LabNetwork lab, int hosts, bool hold, CancellationToken cancellationToken)
    {
        // Every host runs the firewall subsystem on nftables (our own table; drop_other_input stays off, so nothing
        // that was accepted before is dropped): the demo shows what a hub and a spoke hold.
        var mesh = new MeshLab(lab, ProgramsUnderTest.PathOf("meshagent"), ProgramsUnderTest.PathOf("meshctl"))
        {
            FirewallSection = "firewall:\n  backend: nftables\n",
        };
        Console.WriteLine($"lab {lab.Prefix}: underlay 192.0.2.0/24, mesh {MeshLab.Prefix}, one hub and {hosts - 1} spokes");
        var started = DateTimeOffset.UtcNow;
        var hub = await mesh.StartHubAsync(cancellationToken: cancellationToken);
        Console.WriteLine($"  {hub.Name,-8} {hub.Underlay,-12} hub, mesh authority (meshctl authority init), meshagent pid {hub.Daemon!.Pid}");
        for (var i = 1; i < hosts; i++)
        {
            var spoke = await mesh.AddSpokeAsync(string.Create(CultureInfo.InvariantCulture, $"spoke{i}"), cancellationToken: cancellationToken);
            Console.WriteLine($"  {spoke.Name,-8} {spoke.Underlay,-12} spoke, joins with a token (meshctl token create), meshagent pid {spoke.Daemon!.Pid}");
        }

        var names = mesh.Nodes.Select(n => n.Name).ToList();
        await mesh.WaitUntilAllKnowAsync(names, TimeSpan.FromSeconds(120), cancellationToken);
        var addresses = await mesh.MeshAddressesAsync(hub);
        await Poll.UntilAsync(
            async () =>
            {
                foreach (var node in mesh.Nodes)
                {
                    foreach (var (name, address) in addresses.Where(a => a.Key != node.Name))
                    {
                        if (!await MeshLab.PingAsync(node, address))
                        {
                            return false;
                        }
                    }
                }

                return true;
            },
            TimeSpan.FromSeconds(120),
            "every host to ping every other by mesh address",
            cancellationToken);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"\nconverged in {(DateTimeOffset.UtcNow - started).TotalSeconds:0.0} s: every host knows every other and pings it through WireGuard"));

        foreach (var node in mesh.Nodes)
        {
            Console.WriteLine($"\n== {node.Name}: meshctl status (meshagent resident memory {ResidentMegabytes(node.Daemon!.Pid)})");
            Console.Write(await mesh.MeshctlAsync(node, "status"));
            Console.WriteLine($"== {node.Name}: meshctl peers");
            Console.Write(await mesh.MeshctlAsync(node, "peers"));
        }

        foreach (var node in mesh.Nodes.Take(2))
        {
            Console.WriteLine($"\n== {node.Name}: nft list table inet meshagent");
            Console.Write((await node.Host.RunCheckedAsync("nft", "list", "table", "inet", "meshagent")).StdOut);
        }

        var last = mesh.Nodes[^1];
        Console.WriteLine($"""

            Look around inside a host, e.g.:
              ip netns exec {last.Host.Namespace} ping {addresses[hub.Name]}
              ip netns exec {last.Host.Namespace} dig +short @127.0.0.1 {hub.Name}.mesh
              {ProgramsUnderTest.PathOf("meshctl")} members --socket {last.ApiSocket}
            """);
        if (hold)
        {
            Console.WriteLine($"The lab is up (namespaces {lab.Prefix}-*). Ctrl+C tears it down; if this process is killed, `sudo bash tests/demo.sh --down` does.");
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }

        Console.WriteLine("stopping the agents (SIGTERM: they leave the gossip) and removing the lab");
        foreach (var node in mesh.Nodes.Reverse())
        {
            var exit = await MeshLab.StopAsync(node);
            Console.WriteLine($"  {node.Name,-8} meshagent exited {exit}");
        }
    }
}
