using System.CommandLine;
using MeshAgent.Core.Api;

namespace MeshAgent.Cli.Commands;

/// <summary><c>meshctl pubkey</c>: this node's WireGuard public key, for <c>meshctl admit --pubkey</c> on the admin node.</summary>
internal static class PubkeyCommand
{
    public static Command Create()
    {
        var socket = ApiCommand.SocketOption();
        var command = new Command("pubkey", "Print this node's WireGuard public key") { socket };
        command.SetAction((parse, cancellationToken) => ApiCommand.RunAsync(parse.GetValue(socket)!, Console.Error, async client =>
        {
            var status = await client.GetAsync(ApiDefaults.StatusPath, ApiJsonContext.Default.NodeStatus, cancellationToken);
            if (status.Mesh is null)
            {
                await Console.Error.WriteLineAsync("meshctl: this node has no mesh section, so it has no WireGuard key");
                return 1;
            }

            await Console.Out.WriteLineAsync(status.Mesh.PublicKey);
            return 0;
        }));
        return command;
    }
}
