using System.CommandLine;
using MeshAgent.Core.Api;

namespace MeshAgent.Cli.Commands.Peer;

/// <summary><c>meshctl peer list [--json]</c>: the devices without the agent that hold a valid record.</summary>
internal static class PeerListCommand
{
    private static readonly string[] Header = ["NAME", "ADDRESS", "HUBS", "EXPIRES", "PUBLIC KEY"];

    public static Command Create() => ApiCommand.Listing(
        "list",
        "List the devices without the agent: address, hub, record expiry, public key (admin node)",
        ApiDefaults.ClientsPath,
        ApiJsonContext.Default.IReadOnlyListClientInfo,
        Format);

    internal static string Format(IReadOnlyList<ClientInfo> clients)
    {
        var rows = new List<string[]> { Header };
        rows.AddRange(clients.Select(c => new[] { c.Name, c.MeshIPv4, string.Join(',', c.Hubs), c.ExpiresAt.ToString("u", System.Globalization.CultureInfo.InvariantCulture), c.PublicKey }));
        return ApiCommand.Table(rows);
    }
}
