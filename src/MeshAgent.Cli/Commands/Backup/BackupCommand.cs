using System.CommandLine;
using MeshAgent.Core;
using MeshAgent.Core.Backup;
using MeshAgent.Core.Configuration;

namespace MeshAgent.Cli.Commands.Backup;

/// <summary>
/// <c>meshctl backup --out FILE [--passphrase-file F] [--config PATH]</c>: writes this node's identity and state
/// (see <see cref="NodeBackup"/>) encrypted with a passphrase (<see cref="BackupArchive"/>) to FILE, created new
/// with mode 0600. Reads the files directly, so it works with the daemon running or stopped (the daemon replaces
/// its state files atomically, so each file is read whole).
/// </summary>
internal static class BackupCommand
{
    public const string DefaultConfig = "/etc/meshagent/agent.yaml";

    public static Option<string> ConfigOption() => new("--config") { Description = "The node's agent.yaml", DefaultValueFactory = _ => DefaultConfig };

    public static Option<string?> PassphraseFileOption() => new("--passphrase-file") { Description = "Read the passphrase from the first line of this file (0600) instead of the terminal" };

    public static Command Create()
    {
        var output = new Option<string>("--out") { Description = "The backup file to create (0600; never overwritten)", Required = true };
        var passphraseFile = PassphraseFileOption();
        var configPath = ConfigOption();
        var command = new Command("backup", "Write this node's identity and state, encrypted with a passphrase") { output, passphraseFile, configPath };
        command.SetAction(parse =>
        {
            var error = Console.Error;
            var path = parse.GetValue(configPath)!;
            var loaded = AgentConfigLoader.LoadFile(path);
            if (!loaded.IsValid)
            {
                foreach (var problem in loaded.Problems)
                {
                    error.WriteLine(problem.ToString());
                }

                return ExitCodes.Config;
            }

            IReadOnlyList<BackupEntry> entries;
            try
            {
                entries = NodeBackup.Collect(loaded.Config!, path);
            }
            catch (Exception e) when (e is BackupException or IOException or UnauthorizedAccessException)
            {
                error.WriteLine($"meshctl: cannot back up: {e.Message}");
                return 1;
            }

            var target = parse.GetValue(output)!;
            if (File.Exists(target))
            {
                error.WriteLine($"meshctl: {target} exists; a backup never overwrites a file");
                return 1;
            }

            if (Passphrase.Obtain(parse.GetValue(passphraseFile), confirm: true, error) is not { } passphrase)
            {
                return 1;
            }

            try
            {
                Peer.PrivateFile.Create(target, BackupArchive.Seal(entries, passphrase, BackupCost.Default));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                error.WriteLine($"meshctl: cannot write {target}: {e.Message}");
                return 1;
            }

            Console.Out.WriteLine($"wrote {target} (mode 0600): {string.Join(", ", entries.Select(e => e.Name))}");
            error.WriteLine("keep the passphrase apart from the file: without it the backup cannot be opened");
            return 0;
        });
        return command;
    }
}
