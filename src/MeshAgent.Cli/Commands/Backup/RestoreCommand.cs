using System.CommandLine;
using System.Net.Sockets;
using MeshAgent.Core;
using MeshAgent.Core.Backup;
using MeshAgent.Core.Commands;
using MeshAgent.Core.Configuration;

namespace MeshAgent.Cli.Commands.Backup;

/// <summary>
/// <c>meshctl restore FILE [--passphrase-file F] [--config PATH] [--keep-config] [--force]</c>: on a fresh install,
/// with the daemon stopped, puts a node's backup back: its agent.yaml (the one there is kept as
/// <c>agent.yaml.before-restore</c>; <c>--keep-config</c> keeps it in place instead), its WireGuard key, records and
/// ledger, the authority key and the gossip keyring where the config points. The node then starts with the same
/// identity and mesh address. Refuses while the daemon answers on its socket, and over an existing identity
/// without <c>--force</c>.
/// </summary>
internal static class RestoreCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("file") { Description = "A backup written by meshctl backup" };
        var passphraseFile = BackupCommand.PassphraseFileOption();
        var configPath = BackupCommand.ConfigOption();
        var keepConfig = new Option<bool>("--keep-config") { Description = "Keep the agent.yaml that is there instead of the backup's" };
        var force = new Option<bool>("--force") { Description = "Replace an identity the node already has" };
        var command = new Command("restore", "Bring a node back from its backup (daemon stopped)") { file, passphraseFile, configPath, keepConfig, force };
        command.SetAction(parse =>
        {
            var error = Console.Error;
            byte[] archive;
            try
            {
                archive = File.ReadAllBytes(parse.GetValue(file)!);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                error.WriteLine($"meshctl: cannot read the backup: {e.Message}");
                return 1;
            }

            if (Passphrase.Obtain(parse.GetValue(passphraseFile), confirm: false, error) is not { } passphrase)
            {
                return 1;
            }

            var path = parse.GetValue(configPath)!;
            try
            {
                var entries = BackupArchive.Open(archive, passphrase);
                if (!parse.GetValue(keepConfig))
                {
                    PutConfig(path, NodeBackup.ConfigOf(entries));
                }

                var loaded = AgentConfigLoader.LoadFile(path);
                if (!loaded.IsValid)
                {
                    foreach (var problem in loaded.Problems)
                    {
                        error.WriteLine(problem.ToString());
                    }

                    return ExitCodes.Config;
                }

                var config = loaded.Config!;
                if (DaemonAnswers(config.Http.ApiSocket))
                {
                    error.WriteLine($"meshctl: the daemon answers on {config.Http.ApiSocket}: stop it first (systemctl stop meshagent)");
                    return 1;
                }

                var written = NodeBackup.Restore(entries, config, parse.GetValue(force));
                Console.Out.WriteLine($"restored {written.Count} files into {config.Node.StateDirectory} and the key files of {path}; start the daemon (systemctl start meshagent)");
                return 0;
            }
            catch (Exception e) when (e is BackupException or CounterFileException or IOException or UnauthorizedAccessException)
            {
                error.WriteLine($"meshctl: cannot restore: {e.Message}");
                return 1;
            }
        });
        return command;
    }

    private static void PutConfig(string path, byte[] content)
    {
        if (File.Exists(path))
        {
            if (File.ReadAllBytes(path).AsSpan().SequenceEqual(content))
            {
                return;
            }

            File.Copy(path, path + ".before-restore", overwrite: true);
        }

        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(directory);
        // The config may hold a join token: readable by root only, as the packages install it.
        Interop.DurableFile.Replace(path, content, UnixFileMode.UserRead | UnixFileMode.UserWrite);
    }

    private static bool DaemonAnswers(string socketPath)
    {
        if (!File.Exists(socketPath))
        {
            return false;
        }

        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            socket.Connect(new UnixDomainSocketEndPoint(socketPath));
            return true;
        }
        catch (SocketException)
        {
            // A socket file nobody listens on: left by a daemon that was killed.
            return false;
        }
    }
}
