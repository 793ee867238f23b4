using System.CommandLine;
using System.Text.Json;
using MeshAgent.Core.Api;
using MeshAgent.Core.Commands;

namespace MeshAgent.Cli.Commands;

/// <summary>
/// <c>meshctl command send INTENT [NODE] --to NAME|role:R|all</c> (admin node): the daemon sends one 16-byte
/// authority command per target node over the mesh. Nodes never answer; the effect shows in <c>meshctl members</c>
/// and <c>meshctl status</c> on each node. A node without the authority key refuses (exit 1).
/// </summary>
internal static class CommandCommand
{
    public static Command Create()
    {
        var intent = new Argument<string>("intent") { Description = $"What to do: {string.Join(", ", CommandIntents.Names)}" };
        intent.AcceptOnlyFromAmong([.. CommandIntents.Names]);
        var node = new Argument<string?>("node") { Description = "The node the intent is about (isolate, release)", Arity = ArgumentArity.ZeroOrOne };
        var to = new Option<string>("--to") { Description = "Who obeys: a node name, role:hub, role:spoke or all", Required = true };
        var json = ApiCommand.JsonOption();
        var socket = ApiCommand.SocketOption();
        var send = new Command("send", "Send an authority command to nodes of the mesh (admin node)") { intent, node, to, json, socket };
        send.SetAction(async (parse, cancellationToken) =>
        {
            var name = parse.GetValue(intent)!;
            var subject = parse.GetValue(node);
            if (CommandIntents.TryParse(name, out var parsed) && CommandIntents.NeedsSubject(parsed) != (subject is not null))
            {
                await Console.Error.WriteLineAsync(subject is null
                    ? $"meshctl: {name} needs the node it is about: meshctl command send {name} NODE --to all"
                    : $"meshctl: {name} takes no node");
                return 2;
            }

            return await ApiCommand.RunAsync(parse.GetValue(socket)!, Console.Error, async client =>
            {
                var answer = await client.PostAsync(
                    ApiDefaults.CommandsPath,
                    new CommandRequest(name, subject, parse.GetValue(to)!),
                    ApiJsonContext.Default.CommandRequest,
                    ApiJsonContext.Default.CommandResponse,
                    cancellationToken);
                await Console.Out.WriteLineAsync(parse.GetValue(json)
                    ? JsonSerializer.Serialize(answer, ApiJsonContext.Default.CommandResponse)
                    : $"{answer.Message}: {string.Join(", ", answer.Targets)}");
                return 0;
            });
        });
        return new Command("command", "Authority commands over the mesh (admin node)") { send };
    }
}
