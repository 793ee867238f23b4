using System.CommandLine;
using MeshAgent.WireGuard;

namespace MeshAgent.Cli.Commands.Wg;

/// <summary><c>meshctl wg genpsk</c>: a new base64 preshared key on stdout.</summary>
internal static class WgGenpskCommand
{
    public static Command Create() => KeyOutput.CreateCommand("genpsk", "Generates a new preshared key and writes it to stdout",
        WireGuardKeys.GeneratePresharedKey);
}
