using System.CommandLine;
using System.Net;
using System.Net.Sockets;
using MeshAgent.WireGuard;
using MeshAgent.WireGuard.Configuration;

namespace MeshAgent.Cli.Commands.Wg;

/// <summary>What setconf, addconf and syncconf share: argument check, reading and parsing the file with wg(8)'s messages.</summary>
internal static class WgConfFile
{
    /// <summary>Builds the subcommand <paramref name="name"/>; <paramref name="apply"/> changes the device from the parsed file.</summary>
    public static Command CreateCommand(string name, string description,
        Func<IWireGuardClient, string, WgConfig, CancellationToken, Task> apply)
    {
        var arguments = WgCommand.Arguments("<interface> <configuration filename>");
        var command = new Command(name, description) { arguments };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var args = parseResult.GetValue(arguments) ?? [];
            var error = parseResult.InvocationConfiguration.Error;
            if (args.Length != 2)
            {
                await error.WriteAsync($"Usage: meshctl wg {name} <interface> <configuration filename>\n");
                return 1;
            }

            string text;
            try
            {
                text = await File.ReadAllTextAsync(args[1], cancellationToken);
            }
            catch (IOException exception)
            {
                await error.WriteAsync($"fopen: {WgErrorText.Reason(exception)}\n");
                return 1;
            }

            WgConfig config;
            try
            {
                config = WgConfigParser.Parse(text, ResolveHost);
            }
            catch (WgConfigException exception)
            {
                // wg(8) says "Invalid configuration" for whole-file problems, "Configuration parsing error" for a bad line.
                var tail = exception.Reason == "A peer is missing a public key" ? "Invalid configuration" : "Configuration parsing error";
                await error.WriteAsync($"{exception.Reason}\n{tail}\n");
                return 1;
            }

            using var client = WgBackends.Create();
            try
            {
                await apply(client, args[0], config, cancellationToken);
                return 0;
            }
            catch (WireGuardException exception)
            {
                await error.WriteAsync($"Unable to modify interface: {WgErrorText.Reason(exception)}\n");
                return 1;
            }
        });
        return command;
    }

    /// <summary>Resolves an Endpoint host name like wg(8) (first address of any family).</summary>
    public static IPAddress? ResolveHost(string host)
    {
        try
        {
            return Dns.GetHostAddresses(host).FirstOrDefault(a => a.AddressFamily is AddressFamily.InterNetwork or AddressFamily.InterNetworkV6);
        }
        catch (SocketException)
        {
            return null;
        }
    }
}
