using System.CommandLine;
using MeshAgent.Core.Api;
using MeshAgent.Core.Configuration;

namespace MeshAgent.Cli.Commands;

/// <summary>
/// <c>meshctl admit NAME [--pubkey KEY] [--address A] [--role hub|spoke] [--endpoint HOST:PORT] [--ttl D]</c>
/// (admin node): signs a record for the node, which gossip then spreads. Without --pubkey it admits the pending
/// request of that name. Prints the admitted member.
/// </summary>
internal static class AdmitCommand
{
    public static Command Create()
    {
        var name = new Argument<string>("name") { Description = "The node's name (a DNS label)" };
        var pubkey = new Option<string?>("--pubkey") { Description = "Its WireGuard public key (meshctl pubkey on that node); default: from its pending request" };
        var address = new Option<string?>("--address") { Description = "Its mesh IPv4 address; default: the lowest free one" };
        var role = new Option<string?>("--role") { Description = "hub or spoke; default: as requested, else spoke" };
        var endpoint = new Option<string[]>("--endpoint") { Description = "An underlay IP:port others reach it at (repeatable)", AllowMultipleArgumentsPerToken = false };
        var ttl = new Option<string?>("--ttl") { Description = "Record lifetime, e.g. 30d (default), 12h" };
        var socket = ApiCommand.SocketOption();
        var command = new Command("admit", "Admit a node to the mesh: sign its record (admin node)") { name, pubkey, address, role, endpoint, ttl, socket };
        command.SetAction(async (parse, cancellationToken) =>
        {
            double? ttlSeconds = null;
            if (parse.GetValue(ttl) is { } ttlText)
            {
                if (!DurationFormat.TryParse(ttlText, out var lifetime, out var problem))
                {
                    await Console.Error.WriteLineAsync($"meshctl: --ttl: {problem}");
                    return 2;
                }

                ttlSeconds = lifetime.TotalSeconds;
            }

            var endpoints = parse.GetValue(endpoint) is { Length: > 0 } given ? given : null;
            var request = new AdmitRequest(parse.GetValue(name)!, parse.GetValue(pubkey), parse.GetValue(address), parse.GetValue(role), endpoints, ttlSeconds);
            return await ApiCommand.RunAsync(parse.GetValue(socket)!, Console.Error, async client =>
            {
                var member = await client.PostAsync(ApiDefaults.AdmitPath, request, ApiJsonContext.Default.AdmitRequest, ApiJsonContext.Default.MemberInfo, cancellationToken);
                await Console.Out.WriteLineAsync($"admitted {member.Name} as {member.Role} at {member.MeshIPv4} (serial {member.Serial}, expires {member.ExpiresAt:u})");
                return 0;
            });
        });
        return command;
    }
}
