using System.CommandLine;

namespace MeshAgent.Cli.Commands.Wg;

/// <summary>
/// <c>meshctl wg</c>: wg(8) for the devices on this host, byte-for-byte compatible output. Userspace
/// sockets are looked up in <c>$MESHCTL_WG_RUN_DIR</c> (default /var/run/wireguard).
/// </summary>
internal static class WgCommand
{
    public static Command Create()
    {
        var command = new Command("wg", "wg(8) for this host's WireGuard devices (show, showconf, set, setconf, addconf, syncconf, genkey, genpsk, pubkey)");
        command.Subcommands.Add(WgShowCommand.Create());
        command.Subcommands.Add(WgShowconfCommand.Create());
        command.Subcommands.Add(WgSetCommand.Create());
        command.Subcommands.Add(WgSetconfCommand.Create());
        command.Subcommands.Add(WgAddconfCommand.Create());
        command.Subcommands.Add(WgSyncconfCommand.Create());
        command.Subcommands.Add(WgGenkeyCommand.Create());
        command.Subcommands.Add(WgGenpskCommand.Create());
        command.Subcommands.Add(WgPubkeyCommand.Create());
        return command;
    }

    /// <summary>The free-form argument list every wg subcommand takes (wg(8) parses its own argv).</summary>
    public static Argument<string[]> Arguments(string description) => new("arguments")
    {
        Description = description,
        Arity = ArgumentArity.ZeroOrMore,
    };
}
