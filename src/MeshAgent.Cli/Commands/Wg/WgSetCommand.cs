using System.CommandLine;
using MeshAgent.WireGuard;
using MeshAgent.WireGuard.Configuration;

namespace MeshAgent.Cli.Commands.Wg;

/// <summary><c>meshctl wg set IFACE ...</c>: changes a device with wg(8)'s set arguments.</summary>
internal static class WgSetCommand
{
    private const string Usage =
        "Usage: meshctl wg set <interface> [listen-port <port>] [fwmark <mark>] [private-key <file path>] [peer <base64 public key> [remove] [preshared-key <file path>] [endpoint <ip>:<port>] [persistent-keepalive <interval seconds>] [allowed-ips <ip1>/<cidr1>[,<ip2>/<cidr2>]...] ]...\n";

    public static Command Create()
    {
        var arguments = WgCommand.Arguments("<interface> [listen-port <port>] [fwmark <mark>] [private-key <file>] [peer <key> ...]");
        var command = new Command("set", "Change the current configuration, add peers, remove peers, or change peers") { arguments };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var args = parseResult.GetValue(arguments) ?? [];
            var error = parseResult.InvocationConfiguration.Error;
            if (args.Length < 2)
            {
                await error.WriteAsync(Usage);
                return 1;
            }

            DeviceConfig config;
            try
            {
                config = WgSetArguments.Parse(args[1..], File.ReadAllText, WgConfFile.ResolveHost);
            }
            catch (WgConfigException exception)
            {
                await error.WriteAsync(exception.Reason + "\n");
                return 1;
            }
            catch (IOException exception)
            {
                await error.WriteAsync($"fopen: {WgErrorText.Reason(exception)}\n");
                return 1;
            }

            using var client = WgBackends.Create();
            try
            {
                await client.ConfigureDeviceAsync(args[0], config, cancellationToken);
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
}
