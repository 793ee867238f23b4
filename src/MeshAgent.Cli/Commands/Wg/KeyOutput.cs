using System.CommandLine;
using MeshAgent.WireGuard;

namespace MeshAgent.Cli.Commands.Wg;

/// <summary>What genkey and genpsk share: no arguments, one key line, wg(8)'s warning for a world-readable output file.</summary>
internal static class KeyOutput
{
    public static Command CreateCommand(string name, string description, Func<WireGuardKey> generate)
    {
        var arguments = WgCommand.Arguments("(none)");
        var command = new Command(name, description) { arguments };
        command.SetAction(async parseResult =>
        {
            var error = parseResult.InvocationConfiguration.Error;
            if ((parseResult.GetValue(arguments) ?? []).Length != 0)
            {
                await error.WriteAsync($"Usage: meshctl wg {name}\n");
                return 1;
            }

            if (StandardOutputIsWorldAccessibleFile())
            {
                await error.WriteAsync("Warning: writing to world accessible file.\nConsider setting the umask to 077 and trying again.\n");
            }

            await parseResult.InvocationConfiguration.Output.WriteAsync(generate().ToBase64() + "\n");
            return 0;
        });
        return command;
    }

    private static bool StandardOutputIsWorldAccessibleFile()
    {
        try
        {
            var target = new FileInfo("/proc/self/fd/1");
            if (target.LinkTarget is not { } path || !File.Exists(path) || Directory.Exists(path) || path.StartsWith("/dev/", StringComparison.Ordinal))
            {
                return false;
            }

            var mode = File.GetUnixFileMode(path);
            return (mode & (UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute)) != 0;
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }
}
