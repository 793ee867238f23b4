using System.Net;
using System.Runtime.InteropServices;
using MeshAgent.Gossip;
using MeshAgent.Gossip.Membership;
using MeshAgent.Gossip.Security;
using MeshAgent.Gossip.Transport;
using MeshAgent.Gossip.Wire;

namespace MeshAgent.Simulation;

/// <summary>
/// One real member on UDP/TCP sockets, for lab tests: <c>node --name N --bind IP:PORT [--join IP:PORT]...
/// [--key BASE64] [--tag k=v]... [--preset lan]</c>. Prints <c>MEMBERS name=status,...</c> whenever the view
/// changes and <c>EVENT kind name</c> per event; SIGTERM leaves gracefully, then exits 0.
/// </summary>
internal static class LabNode
{
    public static async Task<int> RunAsync(string[] args)
    {
        string? name = null, key = null, preset = "lan";
        IPEndPoint? bind = null;
        var joins = new List<IPEndPoint>();
        var tags = new Dictionary<string, string>(StringComparer.Ordinal);
        for (int i = 0; i + 1 < args.Length; i += 2)
        {
            switch (args[i])
            {
                case "--name": name = args[i + 1]; break;
                case "--bind": bind = IPEndPoint.Parse(args[i + 1]); break;
                case "--join": joins.Add(IPEndPoint.Parse(args[i + 1])); break;
                case "--key": key = args[i + 1]; break;
                case "--preset": preset = args[i + 1]; break;
                case "--tag":
                    var kv = args[i + 1].Split('=', 2);
                    tags[kv[0]] = kv.Length > 1 ? kv[1] : "";
                    break;
                default:
                    Console.Error.WriteLine($"unknown option {args[i]}");
                    return 2;
            }
        }
        if (name is null || bind is null)
        {
            Console.Error.WriteLine("usage: node --name N --bind IP:PORT [--join IP:PORT]... [--key BASE64] [--tag k=v]... [--preset lan|wan|local]");
            return 2;
        }
        var options = GossipOptions.FromPreset(preset, name) with { Keyring = key is null ? null : Keyring.FromBase64(key) };
        var membership = new GossipMembership(options, new SocketTransport(bind));
        membership.SetMetadata(SerfTags.Encode(tags));
        var stop = new TaskCompletionSource();
        using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, ctx =>
        {
            ctx.Cancel = true;
            stop.TrySetResult();
        });
        membership.Start();
        Console.WriteLine($"STARTED {name} {bind}");
        var events = Task.Run(async () =>
        {
            await foreach (var e in membership.Events.ReadAllAsync())
            {
                Console.WriteLine($"EVENT {e.Kind} {e.Member?.Name}");
            }
        });
        while (joins.Count > 0 && await membership.JoinAsync(joins) == 0 && !stop.Task.IsCompleted)
        {
            await Task.Delay(1000);
        }
        string last = "";
        while (!stop.Task.IsCompleted)
        {
            var view = string.Join(",", membership.Members.OrderBy(m => m.Name, StringComparer.Ordinal)
                .Select(m => $"{m.Name}={m.Status.ToString().ToLowerInvariant()}"));
            if (view != last)
            {
                Console.WriteLine($"MEMBERS {view}");
                last = view;
            }
            await Task.WhenAny(stop.Task, Task.Delay(200));
        }
        await membership.LeaveAsync();
        Console.WriteLine("LEFT");
        await membership.DisposeAsync();
        await events;
        return 0;
    }
}
