using System.CommandLine;
using MeshAgent.Core.Api;

namespace MeshAgent.Cli.Commands;

/// <summary><c>meshctl pending [--json]</c> (admin node): join requests without a token, waiting for <c>meshctl admit</c>.</summary>
internal static class PendingCommand
{
    private static readonly string[] Header = ["NAME", "ROLE", "FROM", "ENDPOINT", "FIRST SEEN", "PUBLIC KEY"];

    public static Command Create() => ApiCommand.Listing(
        "pending",
        "List join requests waiting for meshctl admit (admin node)",
        ApiDefaults.PendingPath,
        ApiJsonContext.Default.IReadOnlyListPendingRequest,
        pending => Format(pending, DateTimeOffset.UtcNow));

    internal static string Format(IReadOnlyList<PendingRequest> pending, DateTimeOffset now)
    {
        var rows = new List<string[]> { Header };
        rows.AddRange(pending.Select(p => new[]
        {
            p.Name, p.Role, p.Source, p.Endpoints.Count > 0 ? p.Endpoints[0] : "-", ApiCommand.Age(p.FirstSeen, now), p.PublicKey,
        }));
        return ApiCommand.Table(rows);
    }
}
