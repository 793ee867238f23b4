using System.CommandLine;
using MeshAgent.WireGuard;
using MeshAgent.WireGuard.Text;

namespace MeshAgent.Cli.Commands.Wg;

/// <summary><c>meshctl wg show { IFACE | all | interfaces } [FIELD]</c>, as wg(8) show.</summary>
internal static class WgShowCommand
{
    private const string Usage =
        "Usage: meshctl wg show { <interface> | all | interfaces } [public-key | private-key | listen-port | fwmark | peers | preshared-keys | endpoints | allowed-ips | latest-handshakes | transfer | persistent-keepalive | dump]\n";

    public static Command Create()
    {
        var arguments = WgCommand.Arguments("{ <interface> | all | interfaces } [field]");
        var command = new Command("show", "Shows the current configuration and device information") { arguments };
        command.SetAction((parseResult, cancellationToken) =>
            RunAsync(parseResult.GetValue(arguments) ?? [], parseResult.InvocationConfiguration.Output, parseResult.InvocationConfiguration.Error,
                cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        if (args.Length > 2)
        {
            await error.WriteAsync(Usage);
            return 1;
        }

        using var client = WgBackends.Create();
        var showKeys = Environment.GetEnvironmentVariable("WG_HIDE_KEYS") == "never";
        if (args.Length == 0 || args[0] == "all")
        {
            IReadOnlyList<string> names;
            try
            {
                names = await client.ListDevicesAsync(cancellationToken);
            }
            catch (WireGuardException exception)
            {
                await error.WriteAsync($"Unable to list interfaces: {WgErrorText.Reason(exception)}\n");
                return 1;
            }

            // wg(8): status 1 when devices exist but none could be shown; 0 for an empty list.
            var status = names.Count > 0 ? 1 : 0;
            for (var i = 0; i < names.Count; i++)
            {
                WireGuardDevice device;
                try
                {
                    device = await client.GetDeviceAsync(names[i], cancellationToken);
                }
                catch (WireGuardException exception)
                {
                    await error.WriteAsync($"Unable to access interface {names[i]}: {WgErrorText.Reason(exception)}\n");
                    continue;
                }

                if (args.Length == 2)
                {
                    if (WgShowFormatter.Field(device, args[1], withInterface: true) is not { } text)
                    {
                        await error.WriteAsync($"Invalid parameter: `{args[1]}'\n{Usage}");
                        return 1;
                    }

                    await output.WriteAsync(text);
                }
                else
                {
                    await output.WriteAsync(WgShowFormatter.Pretty(device, DateTimeOffset.UtcNow, showKeys));
                    if (i + 1 < names.Count)
                    {
                        await output.WriteAsync("\n");
                    }
                }

                status = 0;
            }

            return status;
        }

        if (args[0] == "interfaces")
        {
            if (args.Length > 1)
            {
                await error.WriteAsync(Usage);
                return 1;
            }

            try
            {
                var names = await client.ListDevicesAsync(cancellationToken);
                if (names.Count > 0)
                {
                    await output.WriteAsync(string.Join(' ', names) + "\n");
                }
            }
            catch (WireGuardException exception)
            {
                await error.WriteAsync($"Unable to list interfaces: {WgErrorText.Reason(exception)}\n");
                return 1;
            }

            return 0;
        }

        if (args.Length == 1 && args[0] == "help")
        {
            await error.WriteAsync(Usage);
            return 0;
        }

        WireGuardDevice single;
        try
        {
            single = await client.GetDeviceAsync(args[0], cancellationToken);
        }
        catch (WireGuardException exception)
        {
            await error.WriteAsync($"Unable to access interface: {WgErrorText.Reason(exception)}\n");
            return 1;
        }

        if (args.Length == 2)
        {
            if (WgShowFormatter.Field(single, args[1], withInterface: false) is not { } text)
            {
                await error.WriteAsync($"Invalid parameter: `{args[1]}'\n{Usage}");
                return 1;
            }

            await output.WriteAsync(text);
            return 0;
        }

        await output.WriteAsync(WgShowFormatter.Pretty(single, DateTimeOffset.UtcNow, showKeys));
        return 0;
    }
}
