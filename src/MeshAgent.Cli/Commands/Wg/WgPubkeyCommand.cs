using System.CommandLine;
using MeshAgent.WireGuard;
using MeshAgent.WireGuard.Configuration;

namespace MeshAgent.Cli.Commands.Wg;

/// <summary><c>meshctl wg pubkey</c>: reads a private key on stdin, writes its public key.</summary>
internal static class WgPubkeyCommand
{
    private static readonly System.Buffers.SearchValues<char> Blank = System.Buffers.SearchValues.Create(" \t\n\v\f\r\0");

    private const string WrongKey = "meshctl wg: Key is not the correct length or format\n";

    public static Command Create()
    {
        var arguments = WgCommand.Arguments("(none)");
        var command = new Command("pubkey", "Reads a private key from stdin and writes a public key to stdout") { arguments };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var error = parseResult.InvocationConfiguration.Error;
            if ((parseResult.GetValue(arguments) ?? []).Length != 0)
            {
                await error.WriteAsync("Usage: meshctl wg pubkey\n");
                return 1;
            }

            var input = await Console.In.ReadToEndAsync(cancellationToken);
            if (input.Length < 44)
            {
                await error.WriteAsync(WrongKey);
                return 1;
            }

            // wg(8) allows only whitespace and NUL after the 44 key characters.
            if (input.AsSpan(44).ContainsAnyExcept(Blank))
            {
                await error.WriteAsync("meshctl wg: Trailing characters found after key\n");
                return 1;
            }

            if (!WgConfigParser.TryParseKey(input[..44], out var privateKey))
            {
                await error.WriteAsync(WrongKey);
                return 1;
            }

            await parseResult.InvocationConfiguration.Output.WriteAsync(WireGuardKeys.PublicKeyOf(privateKey).ToBase64() + "\n");
            return 0;
        });
        return command;
    }
}
