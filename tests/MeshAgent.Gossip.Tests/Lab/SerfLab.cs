using System.Text.Json;
using MeshAgent.Lab;

namespace MeshAgent.Gossip.Tests.Lab;

/// <summary>Two Serf 0.9.4 agents and two of our members on one underlay switch (192.0.2.0/24).</summary>
internal sealed class SerfLab
{
    public const string Key = "AAECAwQFBgcICQoLDA0ODw==";
    private const int Port = 7946;

    private SerfLab(LabNetwork lab) => Lab = lab;

    public LabNetwork Lab { get; }
    public Dictionary<string, LabHost> Hosts { get; } = [];
    public Dictionary<string, LabProcess> Processes { get; } = [];
    public bool Encrypted { get; private set; }

    public static string Ip(string name) => name switch { "s1" => "192.0.2.1", "s2" => "192.0.2.2", "o1" => "192.0.2.3", _ => "192.0.2.4" };

    /// <summary>Starts s1, s2 (Serf) and o1, o2 (ours), all joined through s1; waits until all four see all four alive.</summary>
    public static async Task<SerfLab> StartAsync(LabNetwork lab, bool encrypted)
    {
        var l = new SerfLab(lab) { Encrypted = encrypted };
        var sw = await lab.AddSwitchAsync("lan");
        foreach (var name in new[] { "s1", "s2", "o1", "o2" })
        {
            var host = await lab.AddHostAsync(name);
            await lab.ConnectAsync(host, "eth0", Ip(name) + "/24", sw);
            l.Hosts[name] = host;
        }
        l.StartSerf("s1", join: false);
        await Poll.UntilAsync(async () => (await l.Hosts["s1"].RunAsync("serf", "members", "-rpc-addr", "127.0.0.1:7373")).ExitCode == 0,
            TimeSpan.FromSeconds(20), "serf s1 answers RPC");
        l.StartSerf("s2", join: true);
        l.StartOurs("o1");
        l.StartOurs("o2");
        await l.WaitAllAsync(new() { ["s1"] = "alive", ["s2"] = "alive", ["o1"] = "alive", ["o2"] = "alive" }, TimeSpan.FromSeconds(60));
        return l;
    }

    public void StartSerf(string name, bool join)
    {
        var args = new List<string> { "agent", "-node", name, "-bind", $"{Ip(name)}:{Port}", "-rpc-addr", "127.0.0.1:7373", "-tag", "role=serf" };
        if (Encrypted) args.AddRange(["-encrypt", Key]);
        if (join) args.AddRange(["-join", $"{Ip("s1")}:{Port}"]);
        Processes[name] = Hosts[name].Start("serf", args, new LabProcessOptions { Name = name });
    }

    public void StartOurs(string name)
    {
        var dll = Path.Combine(TestContext.CurrentContext.TestDirectory, "MeshAgent.Simulation.dll");
        var args = new List<string> { dll, "node", "--name", name, "--bind", $"{Ip(name)}:{Port}", "--join", $"{Ip("s1")}:{Port}", "--tag", "role=mesh", "--tag", $"id={name}" };
        if (Encrypted) args.AddRange(["--key", Key]);
        Processes[name] = Hosts[name].Start("dotnet", args, new LabProcessOptions { Name = name });
    }

    /// <summary>Status and tags of every member as Serf agent <paramref name="serf"/> reports them.</summary>
    public async Task<Dictionary<string, (string Status, Dictionary<string, string> Tags)>> SerfMembersAsync(string serf)
    {
        var r = await Hosts[serf].RunAsync("serf", "members", "-format", "json", "-rpc-addr", "127.0.0.1:7373");
        var result = new Dictionary<string, (string, Dictionary<string, string>)>();
        if (r.ExitCode != 0) return result;
        using var doc = JsonDocument.Parse(r.StdOut);
        foreach (var m in doc.RootElement.GetProperty("members").EnumerateArray())
        {
            var tags = m.GetProperty("tags").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString() ?? "");
            result[m.GetProperty("name").GetString()!] = (m.GetProperty("status").GetString()!, tags);
        }
        return result;
    }

    /// <summary>Member statuses from our member <paramref name="ours"/>'s last MEMBERS line.</summary>
    public Dictionary<string, string> OurMembers(string ours)
    {
        var line = Processes[ours].Output.Split('\n').LastOrDefault(l => l.StartsWith("MEMBERS ", StringComparison.Ordinal));
        if (line is null) return [];
        return line["MEMBERS ".Length..].Trim().Split(',', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=')).ToDictionary(p => p[0], p => p[1]);
    }

    /// <summary>Waits until every observer still running reports exactly <paramref name="expected"/> statuses (others absent or as given).</summary>
    public Task WaitAllAsync(Dictionary<string, string> expected, TimeSpan timeout, IEnumerable<string>? observers = null) =>
        Poll.UntilAsync(async () =>
        {
            foreach (var o in observers ?? expected.Where(e => e.Value == "alive").Select(e => e.Key))
            {
                var view = o.StartsWith('s') ? (await SerfMembersAsync(o)).ToDictionary(x => x.Key, x => x.Value.Status) : OurMembers(o);
                foreach (var (name, status) in expected)
                {
                    if (!view.TryGetValue(name, out var s) || s != status) return false;
                }
            }
            return true;
        }, timeout, $"members reach {string.Join(", ", expected.Select(e => $"{e.Key}={e.Value}"))}");
}
