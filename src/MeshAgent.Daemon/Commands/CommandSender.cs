using System.Net;
using System.Net.Sockets;
using MeshAgent.Core.Api;
using MeshAgent.Core.Commands;
using MeshAgent.Core.Records;
using Microsoft.Extensions.Logging;

namespace MeshAgent.Daemon.Commands;

/// <summary>
/// The admin node's side of authority commands: resolves the target selection and the subject against the
/// verified records, takes one durable counter, and sends one packet per target node, each with the MAC under
/// that node's key, from this node's mesh address to the target's mesh address (through wg0). Its own packet it
/// hands to its own <see cref="CommandProcessor"/>, which checks it like any other. Fire and forget: nodes never
/// answer; the effect shows in gossip, metrics and <c>meshctl members</c>. Thread-safe.
/// </summary>
public sealed partial class CommandSender(
    MeshAuthority authority,
    CommandCounter counter,
    Func<IReadOnlyList<NodeRecord>> records,
    Func<NodeRecord?> self,
    Func<CommandProcessor?> localProcessor,
    CommandMetrics metrics,
    ILogger<CommandSender> logger)
{
    /// <summary>Sends <paramref name="request"/>.</summary>
    /// <exception cref="CommandRequestException">Unknown intent, subject or target, or this node has no record yet; nothing was sent.</exception>
    /// <exception cref="IOException">The counter could not be reserved; nothing was sent.</exception>
    public CommandResponse Send(CommandRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!CommandIntents.TryParse(request.Intent, out var intent))
        {
            throw new CommandRequestException($"unknown intent \"{request.Intent}\"; one of: {string.Join(", ", CommandIntents.Names)}");
        }

        var own = self() ?? throw new CommandRequestException("this node has no signed record yet");
        var known = records();
        var subject = Subject(intent, request.Subject, known);
        var (target, targets) = Targets(request.To, known);
        if (intent == CommandIntent.Isolate)
        {
            // The node being quarantined is the one not to tell.
            targets = [.. targets.Where(t => t.WireGuardPublicKey != subject!.WireGuardPublicKey)];
        }

        if (targets.Count == 0)
        {
            throw new CommandRequestException($"\"{request.To}\" selects no node");
        }

        var next = counter.Next();
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        // From the mesh address, so the packet goes through wg0 and arrives from inside the mesh prefix.
        socket.Bind(new IPEndPoint(own.MeshIPv4, 0));
        var sent = new List<string>();
        foreach (var node in targets)
        {
            var selector = target ?? CommandTarget.OfNode(NodeHostId.Of(node.MeshIPv4));
            var header = new CommandHeader(intent, selector, subject is null ? (ushort)0 : NodeHostId.Of(subject.MeshIPv4), next);
            var packet = CommandPacket.Seal(header, authority.CommandKeyFor(Convert.FromBase64String(node.WireGuardPublicKey)));
            if (node.WireGuardPublicKey == own.WireGuardPublicKey)
            {
                localProcessor()?.Handle(packet, own.MeshIPv4);
            }
            else
            {
                try
                {
                    socket.SendTo(packet, new IPEndPoint(node.MeshIPv4, CommandPacket.Port));
                }
                catch (SocketException e)
                {
                    // No route (e.g. an isolated node): the others still get theirs.
                    Log.SendFailed(logger, node.Name, e.SocketErrorCode.ToString());
                    continue;
                }
            }

            sent.Add(node.Name);
        }

        metrics.Sent(intent, sent.Count);
        var name = CommandIntents.Name(intent);
        Log.Sent(logger, name, subject?.Name ?? "-", next, sent.Count);
        var about = subject is null ? string.Empty : $" {subject.Name}";
        return new CommandResponse(name, subject?.Name, next, sent, $"sent {name}{about} to {sent.Count} node(s) (counter {next})");
    }

    private static NodeRecord? Subject(CommandIntent intent, string? name, IReadOnlyList<NodeRecord> known)
    {
        if (!CommandIntents.NeedsSubject(intent))
        {
            return name is null
                ? null
                : throw new CommandRequestException($"{CommandIntents.Name(intent)} takes no node");
        }

        if (name is null)
        {
            throw new CommandRequestException($"{CommandIntents.Name(intent)} needs the node it is about");
        }

        var subject = known.FirstOrDefault(r => r.Name == name) ?? throw new CommandRequestException($"no verified record is called {name}");
        var hostId = NodeHostId.Of(subject.MeshIPv4);
        var sharing = known.Where(r => r.Name != name && NodeHostId.Of(r.MeshIPv4) == hostId).Select(r => r.Name).ToList();
        if (sharing.Count > 0)
        {
            throw new CommandRequestException($"{name} shares its host id {hostId} with {string.Join(", ", sharing)}: the command could not name it alone");
        }

        return subject;
    }

    private static (CommandTarget? Selector, List<NodeRecord> Nodes) Targets(string to, IReadOnlyList<NodeRecord> known)
    {
        switch (to)
        {
            case "all":
                return (CommandTarget.All, [.. known]);
            case "role:hub":
                return (CommandTarget.OfRole(NodeRole.Hub), [.. known.Where(r => r.Role == NodeRole.Hub)]);
            case "role:spoke":
                return (CommandTarget.OfRole(NodeRole.Spoke), [.. known.Where(r => r.Role == NodeRole.Spoke)]);
            default:
                if (to.StartsWith("role:", StringComparison.Ordinal))
                {
                    throw new CommandRequestException($"unknown role in \"{to}\"; role:hub or role:spoke");
                }

                var node = known.FirstOrDefault(r => r.Name == to) ?? throw new CommandRequestException($"no verified record is called {to}");
                return (null, [node]);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1830, Level = LogLevel.Information, Message = "Sent authority command {Intent} (subject {Subject}, counter {Counter}) to {Count} node(s)")]
        public static partial void Sent(ILogger logger, string intent, string subject, uint counter, int count);

        [LoggerMessage(EventId = 1831, Level = LogLevel.Warning, Message = "Command packet to {Name} not sent: {Reason}")]
        public static partial void SendFailed(ILogger logger, string name, string reason);
    }
}
