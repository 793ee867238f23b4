using System.CommandLine;
using System.Globalization;
using MeshAgent.Core.Api;

namespace MeshAgent.Cli.Commands;

/// <summary><c>meshctl members [--json]</c>: every member with a verified record and gossip's view of it.</summary>
internal static class MembersCommand
{
    private static readonly string[] Header = ["NAME", "ROLE", "ADDRESS", "STATE", "ENDPOINT", "EXPIRES"];

    public static Command Create() => ApiCommand.Listing(
        "members",
        "List mesh members: name, role, mesh address, state, endpoint, record expiry",
        ApiDefaults.MembersPath,
        ApiJsonContext.Default.IReadOnlyListMemberInfo,
        Format);

    internal static string Format(IReadOnlyList<MemberInfo> members)
    {
        var rows = new List<string[]> { Header };
        rows.AddRange(members.Select(m => new[]
        {
            m.Name,
            m.Role,
            m.MeshIPv4,
            m.Isolated ? m.State + ",isolated" : m.State,
            m.Endpoints.Count > 0 ? m.Endpoints[0] : "-",
            m.ExpiresAt.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture),
        }));
        return ApiCommand.Table(rows);
    }
}
