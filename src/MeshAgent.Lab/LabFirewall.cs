using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace MeshAgent.Lab;

/// <summary>
/// Loss and partitions with nftables inside the hosts (this kernel has no netem, LAB.md). Each host gets
/// its own tables, rendered whole from the wanted state and replaced atomically with `nft -f`.
/// </summary>
internal sealed class LabFirewall : IDisposable
{
    private const string LossTable = "malab_loss";
    private const string PartitionTable = "malab_partition";

    private readonly Dictionary<LabHost, Dictionary<string, int>> _loss = [];
    private readonly Dictionary<LabHost, HashSet<IPAddress>> _blocked = [];
    private readonly SemaphoreSlim _gate = new(1, 1);

    public async Task SetLossAsync(LabHost host, string interfaceName, int percent)
    {
        await _gate.WaitAsync();
        try
        {
            if (!_loss.TryGetValue(host, out var perInterface))
            {
                _loss[host] = perInterface = new Dictionary<string, int>(StringComparer.Ordinal);
            }

            perInterface[interfaceName] = percent;
            var rules = perInterface.Where(p => p.Value > 0)
                .SelectMany(p => new[]
                {
                    $"iifname \"{p.Key}\" {Sample(p.Value)}drop",
                    $"oifname \"{p.Key}\" {Sample(p.Value)}drop",
                })
                .ToList();
            await ReplaceTableAsync(host, LossTable, rules);
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task BlockAsync(LabHost host, IEnumerable<IPAddress> addresses)
    {
        await _gate.WaitAsync();
        try
        {
            if (!_blocked.TryGetValue(host, out var set))
            {
                _blocked[host] = set = [];
            }

            set.UnionWith(addresses);
            var rules = new List<string>();
            foreach (var address in set)
            {
                var family = address.AddressFamily == AddressFamily.InterNetworkV6 ? "ip6" : "ip";
                rules.Add($"{family} saddr {address} drop");
                rules.Add($"{family} daddr {address} drop");
            }

            await ReplaceTableAsync(host, PartitionTable, rules);
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task UnblockAllAsync()
    {
        await _gate.WaitAsync();
        try
        {
            foreach (var host in _blocked.Keys)
            {
                await ReplaceTableAsync(host, PartitionTable, []);
            }

            _blocked.Clear();
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();

    // numgen yields 0-99, so "< 100" is out of its range for nft: total loss needs no sampling.
    private static string Sample(int percent) => percent >= 100 ? string.Empty : $"numgen random mod 100 < {percent} ";

    /// <summary>Deletes and recreates the table in one transaction; an empty rule list just removes it.</summary>
    private static async Task ReplaceTableAsync(LabHost host, string table, List<string> rules)
    {
        var script = new StringBuilder();
        // "add" first so that the "delete" in the same transaction never fails on a missing table.
        script.Append(CultureInfo.InvariantCulture, $"add table inet {table}\ndelete table inet {table}\n");
        if (rules.Count > 0)
        {
            script.Append(CultureInfo.InvariantCulture, $"table inet {table} {{\n");
            foreach (var hook in new[] { "prerouting", "postrouting" })
            {
                script.Append(CultureInfo.InvariantCulture, $"  chain {hook} {{\n    type filter hook {hook} priority -300; policy accept;\n");
                foreach (var rule in rules.Where(r => Applies(r, hook)))
                {
                    script.Append("    ").Append(rule).Append('\n');
                }

                script.Append("  }\n");
            }

            script.Append("}\n");
        }

        (await host.RunAsync("nft", ["-f", "-"], TimeSpan.FromSeconds(30), script.ToString())).EnsureSuccess();
    }

    // Every packet that enters passes prerouting and every packet that leaves passes postrouting, whether
    // it is delivered locally, forwarded or generated here: one hook per direction catches all of them.
    private static bool Applies(string rule, string hook) => hook switch
    {
        "prerouting" => rule.StartsWith("iifname", StringComparison.Ordinal) || rule.Contains(" saddr ", StringComparison.Ordinal),
        _ => rule.StartsWith("oifname", StringComparison.Ordinal) || rule.Contains(" daddr ", StringComparison.Ordinal),
    };
}
