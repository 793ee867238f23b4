using System.CommandLine;
using MeshAgent.Core.Api;

namespace MeshAgent.Cli.Commands;

/// <summary><c>meshctl revoke NAME</c> (admin node): puts the node's key on the signed revocation list; its peer disappears everywhere.</summary>
internal static class RevokeCommand
{
    public static Command Create()
    {
        var name = new Argument<string>("name") { Description = "The node to revoke" };
        var socket = ApiCommand.SocketOption();
        var command = new Command("revoke", "Revoke a node: its key goes on the signed revocation list gossiped to every member (admin node)") { name, socket };
        command.SetAction((parse, cancellationToken) => ApiCommand.RunAsync(parse.GetValue(socket)!, Console.Error, async client =>
        {
            var answer = await client.PostAsync(ApiDefaults.RevokePath, new RevokeRequest(parse.GetValue(name)!), ApiJsonContext.Default.RevokeRequest, ApiJsonContext.Default.ApiMessage, cancellationToken);
            await Console.Out.WriteLineAsync(answer.Message);
            return 0;
        }));
        return command;
    }
}
