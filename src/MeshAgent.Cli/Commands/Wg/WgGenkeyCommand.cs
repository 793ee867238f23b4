using System.CommandLine;
using MeshAgent.WireGuard;

namespace MeshAgent.Cli.Commands.Wg;

/// <summary><c>meshctl wg genkey</c>: a new base64 private key on stdout.</summary>
internal static class WgGenkeyCommand
{
    public static Command Create() => KeyOutput.CreateCommand("genkey", "Generates a new private key and writes it to stdout",
        WireGuardKeys.GeneratePrivateKey);
}
