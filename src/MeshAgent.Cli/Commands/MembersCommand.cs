using System.CommandLine;
using System.Globalization;
using MeshAgent.Core.Api;

namespace MeshAgent.Cli.Commands;

/// <summary><c>meshctl members [--json]</c>: every member with a verified record and gossip's view of it.</summary>
internal static class MembersCommand
{
    public static Command Create()
    {
        var json = ApiCommand.JsonOption();
        var socket = ApiCommand.SocketOption();
        var command = new Command("members", "List mesh members: name, role, mesh address, state, endpoint, record expiry") { json, socket };
        command.SetAction((parse, cancellationToken) => ApiCommand.RunAsync(parse.GetValue(socket)!, Console.Error, async client =>
        {
            var members = await client.GetAsync(ApiDefaults.MembersPath, ApiJsonContext.Default.IReadOnlyListMemberInfo, cancellationToken);
            if (parse.GetValue(json))
            {
                await ApiCommand.WriteJsonAsync(Console.Out, members, ApiJsonContext.Default.IReadOnlyListMemberInfo);
            }
            else
            {
                await Console.Out.WriteAsync(Format(members));
            }

            return 0;
        }));
        return command;
    }

    private static readonly string[] Header = ["NAME", "ROLE", "ADDRESS", "STATE", "ENDPOINT", "EXPIRES"];

    internal static string Format(IReadOnlyList<MemberInfo> members)
    {
        var rows = new List<string[]> { Header };
        rows.AddRange(members.Select(m => new[]
        {
            m.Name,
            m.Role,
            m.MeshIPv4,
            m.State,
            m.Endpoints.Count > 0 ? m.Endpoints[0] : "-",
            m.ExpiresAt.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture),
        }));
        return ApiCommand.Table(rows);
    }
}
