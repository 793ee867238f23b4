using System.CommandLine;
using MeshAgent.WireGuard;
using MeshAgent.WireGuard.Configuration;

namespace MeshAgent.Cli.Commands.Wg;

/// <summary><c>meshctl wg showconf IFACE</c>: the device in the wg(8) configuration format (includes the private key).</summary>
internal static class WgShowconfCommand
{
    public static Command Create()
    {
        var arguments = WgCommand.Arguments("<interface>");
        var command = new Command("showconf", "Shows the current configuration of a given WireGuard interface, for use with `setconf'") { arguments };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var args = parseResult.GetValue(arguments) ?? [];
            var output = parseResult.InvocationConfiguration.Output;
            var error = parseResult.InvocationConfiguration.Error;
            if (args.Length != 1)
            {
                await error.WriteAsync("Usage: meshctl wg showconf <interface>\n");
                return 1;
            }

            using var client = WgBackends.Create();
            try
            {
                await output.WriteAsync(WgConfigWriter.Write(await client.GetDeviceAsync(args[0], cancellationToken)));
                return 0;
            }
            catch (WireGuardException exception)
            {
                await error.WriteAsync($"Unable to access interface: {WgErrorText.Reason(exception)}\n");
                return 1;
            }
        });
        return command;
    }
}
