using System.CommandLine;
using MeshAgent.Core.Api;
using MeshAgent.Core.Configuration;

namespace MeshAgent.Cli.Commands;

/// <summary>
/// <c>meshctl token create [--ttl 1h] [--role spoke|hub]</c> (admin node): a single-use join token for a new
/// node's <c>join.token</c>. The token is printed on stdout only; treat it as a secret.
/// </summary>
internal static class TokenCommand
{
    public static Command Create()
    {
        var ttl = new Option<string>("--ttl") { Description = "How long the token is valid, e.g. 1h, 30m, 7d", DefaultValueFactory = _ => "1h" };
        var role = new Option<string>("--role") { Description = "Role it grants: spoke or hub", DefaultValueFactory = _ => "spoke" };
        role.AcceptOnlyFromAmong("spoke", "hub");
        var socket = ApiCommand.SocketOption();
        var create = new Command("create", "Create a single-use join token") { ttl, role, socket };
        create.SetAction(async (parse, cancellationToken) =>
        {
            if (!DurationFormat.TryParse(parse.GetValue(ttl)!, out var lifetime, out var problem))
            {
                await Console.Error.WriteLineAsync($"meshctl: --ttl: {problem}");
                return 2;
            }

            return await ApiCommand.RunAsync(parse.GetValue(socket)!, Console.Error, async client =>
            {
                var token = await client.PostAsync(
                    ApiDefaults.TokensPath,
                    new TokenRequest(lifetime.TotalSeconds, parse.GetValue(role)!),
                    ApiJsonContext.Default.TokenRequest,
                    ApiJsonContext.Default.TokenResponse,
                    cancellationToken);
                await Console.Out.WriteLineAsync(token.Token);
                await Console.Error.WriteLineAsync($"valid until {token.ExpiresAt:u}, for one node; put it in join.token of that node's agent.yaml");
                return 0;
            });
        });
        return new Command("token", "Join tokens (admin node)") { create };
    }
}
