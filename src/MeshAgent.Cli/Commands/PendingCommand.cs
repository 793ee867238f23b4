using System.CommandLine;
using MeshAgent.Core.Api;

namespace MeshAgent.Cli.Commands;

/// <summary><c>meshctl pending [--json]</c> (admin node): join requests without a token, waiting for <c>meshctl admit</c>.</summary>
internal static class PendingCommand
{
    private static readonly string[] Header = ["NAME", "ROLE", "FROM", "ENDPOINT", "FIRST SEEN", "PUBLIC KEY"];

    public static Command Create()
    {
        var json = ApiCommand.JsonOption();
        var socket = ApiCommand.SocketOption();
        var command = new Command("pending", "List join requests waiting for meshctl admit (admin node)") { json, socket };
        command.SetAction((parse, cancellationToken) => ApiCommand.RunAsync(parse.GetValue(socket)!, Console.Error, async client =>
        {
            var pending = await client.GetAsync(ApiDefaults.PendingPath, ApiJsonContext.Default.IReadOnlyListPendingRequest, cancellationToken);
            if (parse.GetValue(json))
            {
                await ApiCommand.WriteJsonAsync(Console.Out, pending, ApiJsonContext.Default.IReadOnlyListPendingRequest);
                return 0;
            }

            var now = DateTimeOffset.UtcNow;
            var rows = new List<string[]> { Header };
            rows.AddRange(pending.Select(p => new[]
            {
                p.Name, p.Role, p.Source, p.Endpoints.Count > 0 ? p.Endpoints[0] : "-", ApiCommand.Age(p.FirstSeen, now), p.PublicKey,
            }));
            await Console.Out.WriteAsync(ApiCommand.Table(rows));
            return 0;
        }));
        return command;
    }
}
