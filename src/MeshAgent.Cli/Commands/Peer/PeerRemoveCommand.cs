using System.CommandLine;
using MeshAgent.Core.Api;

namespace MeshAgent.Cli.Commands.Peer;

/// <summary><c>meshctl peer remove NAME</c>: revokes a device's key; the revocation is gossiped and its peer disappears.</summary>
internal static class PeerRemoveCommand
{
    public static Command Create()
    {
        var name = new Argument<string>("name") { Description = "The device's name" };
        var socket = ApiCommand.SocketOption();
        var command = new Command("remove", "Remove a device without the agent: its key is revoked everywhere (admin node)") { name, socket };
        command.SetAction((parse, cancellationToken) => ApiCommand.RunAsync(parse.GetValue(socket)!, Console.Error, async client =>
        {
            var answer = await client.PostAsync(ApiDefaults.ClientRemovePath, new ClientRemoveRequest(parse.GetValue(name)!), ApiJsonContext.Default.ClientRemoveRequest, ApiJsonContext.Default.ApiMessage, cancellationToken);
            await Console.Out.WriteLineAsync(answer.Message);
            return 0;
        }));
        return command;
    }
}
