using System.Globalization;
using MeshAgent.Core.Commands;
using MeshAgent.Core.Configuration;

namespace MeshAgent.Core.Backup;

/// <summary>
/// What a node's backup holds and where restore puts it back. Entries: <c>agent.yaml</c> (the config),
/// <c>state/…</c> (every regular file of <c>node.state_dir</c>: the WireGuard key, records, and on the admin node the
/// authority's ledger: used tokens, clients, the command counter), <c>authority.key</c> (<c>authority.key_file</c>)
/// and <c>gossip.key</c> (<c>gossip.key_file</c>). Restore writes secrets and state with mode 0600 in 0700
/// directories, never follows a name out of the state directory, and refuses to overwrite a node that already has
/// an identity unless asked to.
/// </summary>
public static class NodeBackup
{
    /// <summary>Entry of the config file.</summary>
    public const string ConfigEntry = "agent.yaml";

    /// <summary>Entry of the authority's private key.</summary>
    public const string AuthorityKeyEntry = "authority.key";

    /// <summary>Entry of the gossip keyring.</summary>
    public const string GossipKeyEntry = "gossip.key";

    /// <summary>Prefix of the state directory's files.</summary>
    public const string StatePrefix = "state/";

    /// <summary>
    /// Counters the admin node's command counter skips after a restore: commands sent between the backup and the
    /// restore used counters the restored file does not know, and a counter must never be used twice.
    /// </summary>
    public const uint CounterGapAfterRestore = 1u << 20;

    private const UnixFileMode SecretMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode PrivateDirectoryMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    /// <summary>Reads the node's identity and state as <paramref name="config"/> (loaded from <paramref name="configPath"/>) places them.</summary>
    /// <exception cref="BackupException">The state directory has no WireGuard key: there is no identity to back up.</exception>
    /// <exception cref="IOException">A file could not be read.</exception>
    public static IReadOnlyList<BackupEntry> Collect(AgentConfig config, string configPath)
    {
        ArgumentNullException.ThrowIfNull(config);
        var state = Path.GetFullPath(config.Node.StateDirectory);
        if (!File.Exists(Path.Combine(state, "wireguard.key")))
        {
            throw new BackupException($"{state} holds no wireguard.key: this node has no identity to back up yet");
        }

        var entries = new List<BackupEntry> { new(ConfigEntry, File.ReadAllBytes(configPath)) };
        foreach (var file in Directory.EnumerateFiles(state, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var info = new FileInfo(file);
            // Half-written replacements (DurableFile's *.tmp) and anything that is not a plain file are not state.
            if (info.LinkTarget is not null || file.EndsWith(".tmp", StringComparison.Ordinal))
            {
                continue;
            }

            entries.Add(new BackupEntry(StatePrefix + Path.GetRelativePath(state, file).Replace('\\', '/'), File.ReadAllBytes(file)));
        }

        if (config.Authority?.KeyFile is { } authorityKey && File.Exists(authorityKey))
        {
            entries.Add(new BackupEntry(AuthorityKeyEntry, File.ReadAllBytes(authorityKey)));
        }

        if (config.Gossip?.KeyFile is { } gossipKey && File.Exists(gossipKey))
        {
            entries.Add(new BackupEntry(GossipKeyEntry, File.ReadAllBytes(gossipKey)));
        }

        return entries;
    }

    /// <summary>The config inside <paramref name="entries"/>.</summary>
    /// <exception cref="BackupException">The backup has no config.</exception>
    public static byte[] ConfigOf(IReadOnlyList<BackupEntry> entries) =>
        entries.FirstOrDefault(e => e.Name == ConfigEntry)?.Content ?? throw new BackupException("the backup holds no agent.yaml");

    /// <summary>
    /// Writes <paramref name="entries"/> where <paramref name="config"/> wants them; returns the paths written. The
    /// config file itself is the caller's (it had to exist to load <paramref name="config"/>).
    /// </summary>
    /// <exception cref="BackupException">The node already has a WireGuard key and <paramref name="overwrite"/> is false, or an entry's name is unsafe.</exception>
    /// <exception cref="IOException">A file could not be written.</exception>
    public static IReadOnlyList<string> Restore(IReadOnlyList<BackupEntry> entries, AgentConfig config, bool overwrite)
    {
        ArgumentNullException.ThrowIfNull(entries);
        ArgumentNullException.ThrowIfNull(config);
        var state = Path.GetFullPath(config.Node.StateDirectory);
        if (!overwrite && File.Exists(Path.Combine(state, "wireguard.key")))
        {
            throw new BackupException($"{state} already holds a WireGuard key: this is not a fresh install (--force replaces it)");
        }

        var targets = new List<(string Path, byte[] Content)>();
        foreach (var entry in entries)
        {
            if (entry.Name.StartsWith(StatePrefix, StringComparison.Ordinal))
            {
                targets.Add((Inside(state, entry.Name[StatePrefix.Length..]), entry.Content));
            }
            else if (entry.Name == AuthorityKeyEntry && config.Authority?.KeyFile is { } authorityKey)
            {
                targets.Add((Path.GetFullPath(authorityKey), entry.Content));
            }
            else if (entry.Name == GossipKeyEntry && config.Gossip?.KeyFile is { } gossipKey)
            {
                targets.Add((Path.GetFullPath(gossipKey), entry.Content));
            }
        }

        // Names are checked before the first byte is written: a bad backup changes nothing.
        Directory.CreateDirectory(state, PrivateDirectoryMode);
        File.SetUnixFileMode(state, PrivateDirectoryMode);
        foreach (var (path, content) in targets)
        {
            var directory = Path.GetDirectoryName(path)!;
            if (!Directory.Exists(directory))
            {
                Directory.CreateDirectory(directory, PrivateDirectoryMode);
            }

            Interop.DurableFile.Replace(path, content, SecretMode);
            File.SetUnixFileMode(path, SecretMode);
        }

        SkipUsedCounters(state, config);
        return [.. targets.Select(t => t.Path)];
    }

    private static void SkipUsedCounters(string state, AgentConfig config)
    {
        var path = Path.Combine(state, CommandCounter.FileName);
        if (config.Authority is not { } authority || !File.Exists(path))
        {
            return;
        }

        byte[] publicKey;
        try
        {
            publicKey = Convert.FromBase64String(authority.PublicKey);
        }
        catch (FormatException)
        {
            return;
        }

        if (CounterFile.Read(path, publicKey) is { } stored)
        {
            CounterFile.Write(path, publicKey, (uint)Math.Min((ulong)stored + CounterGapAfterRestore, uint.MaxValue));
        }
    }

    private static string Inside(string state, string relative)
    {
        var path = Path.GetFullPath(Path.Combine(state, relative));
        if (relative.Length == 0 || Path.IsPathRooted(relative) || !path.StartsWith(state + "/", StringComparison.Ordinal))
        {
            throw new BackupException(string.Create(CultureInfo.InvariantCulture, $"the backup entry state/{relative} points outside the state directory"));
        }

        return path;
    }
}
