using System.CommandLine;

namespace MeshAgent.Cli.Commands;

/// <summary>
/// The list of top-level meshctl commands. Each command lives in its own file and exposes a static
/// <c>Create()</c>; add one line here per command.
/// </summary>
internal static class CommandCatalog
{
    public static IEnumerable<Command> All()
    {
        yield return StatusCommand.Create();
        yield return MembersCommand.Create();
        yield return PeersCommand.Create();
        yield return GraphCommand.Create();
        yield return TopCommand.Create();
        yield return PubkeyCommand.Create();
        yield return AuthorityCommand.Create();
        yield return TokenCommand.Create();
        yield return AdmitCommand.Create();
        yield return PendingCommand.Create();
        yield return RevokeCommand.Create();
        yield return CommandCommand.Create();
        yield return Peer.PeerCommand.Create();
        yield return DoctorCommand.Create();
        yield return Backup.BackupCommand.Create();
        yield return Backup.RestoreCommand.Create();
        yield return Wg.WgCommand.Create();
    }
}
