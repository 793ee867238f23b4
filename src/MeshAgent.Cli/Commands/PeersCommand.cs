using System.CommandLine;
using System.Globalization;
using MeshAgent.Core.Api;

namespace MeshAgent.Cli.Commands;

/// <summary><c>meshctl peers [--json]</c>: this node's WireGuard peers with path kind and handshake age.</summary>
internal static class PeersCommand
{
    private static readonly string[] Header = ["NAME", "PATH", "ENDPOINT", "HANDSHAKE", "RX", "TX", "ALLOWED IPS"];

    public static Command Create() => ApiCommand.Listing(
        "peers",
        "List this node's WireGuard peers: path (hub or direct), endpoint, last handshake, traffic",
        ApiDefaults.PeersPath,
        ApiJsonContext.Default.IReadOnlyListPeerInfo,
        peers => Format(peers, DateTimeOffset.UtcNow));

    internal static string Format(IReadOnlyList<PeerInfo> peers, DateTimeOffset now)
    {
        var rows = new List<string[]> { Header };
        rows.AddRange(peers.Select(p => new[]
        {
            p.Name,
            (p.Via is { } via ? $"{p.Path} {via}" : p.Path) + (p.DirectPath is { } state ? $" ({state})" : string.Empty),
            p.Endpoint ?? "-",
            ApiCommand.Age(p.LatestHandshake, now),
            p.ReceiveBytes.ToString(CultureInfo.InvariantCulture),
            p.TransmitBytes.ToString(CultureInfo.InvariantCulture),
            string.Join(',', p.AllowedIPs),
        }));
        return ApiCommand.Table(rows);
    }
}
