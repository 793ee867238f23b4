using System.CommandLine;
using System.Globalization;
using MeshAgent.Core.Api;

namespace MeshAgent.Cli.Commands;

/// <summary><c>meshctl peers [--json]</c>: this node's WireGuard peers with path kind and handshake age.</summary>
internal static class PeersCommand
{
    public static Command Create()
    {
        var json = ApiCommand.JsonOption();
        var socket = ApiCommand.SocketOption();
        var command = new Command("peers", "List this node's WireGuard peers: path (hub or direct), endpoint, last handshake, traffic") { json, socket };
        command.SetAction((parse, cancellationToken) => ApiCommand.RunAsync(parse.GetValue(socket)!, Console.Error, async client =>
        {
            var peers = await client.GetAsync(ApiDefaults.PeersPath, ApiJsonContext.Default.IReadOnlyListPeerInfo, cancellationToken);
            if (parse.GetValue(json))
            {
                await ApiCommand.WriteJsonAsync(Console.Out, peers, ApiJsonContext.Default.IReadOnlyListPeerInfo);
            }
            else
            {
                await Console.Out.WriteAsync(Format(peers, DateTimeOffset.UtcNow));
            }

            return 0;
        }));
        return command;
    }

    private static readonly string[] Header = ["NAME", "PATH", "ENDPOINT", "HANDSHAKE", "RX", "TX", "ALLOWED IPS"];

    internal static string Format(IReadOnlyList<PeerInfo> peers, DateTimeOffset now)
    {
        var rows = new List<string[]> { Header };
        rows.AddRange(peers.Select(p => new[]
        {
            p.Name,
            p.DirectPath is { } state ? $"{p.Path} ({state})" : p.Path,
            p.Endpoint ?? "-",
            ApiCommand.Age(p.LatestHandshake, now),
            p.ReceiveBytes.ToString(CultureInfo.InvariantCulture),
            p.TransmitBytes.ToString(CultureInfo.InvariantCulture),
            string.Join(',', p.AllowedIPs),
        }));
        return ApiCommand.Table(rows);
    }
}
