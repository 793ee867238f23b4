namespace MeshAgent.Core.Backup;

/// <summary>Argon2id cost of turning the passphrase into the backup's key; stored in the file's header.</summary>
/// <param name="MemoryKiB">Memory in KiB.</param>
/// <param name="Passes">Number of passes over the memory.</param>
public sealed record BackupCost(int MemoryKiB, int Passes)
{
    /// <summary>
    /// RFC 9106's second recommended option (64 MiB, 3 passes): affordable on a small server once per backup,
    /// expensive for anyone guessing passphrases offline.
    /// </summary>
    public static BackupCost Default { get; } = new(64 * 1024, 3);

    /// <summary>The most a header may ask for (1 GiB, 10 passes): a hostile file cannot make restore exhaust memory.</summary>
    public static BackupCost Limit { get; } = new(1024 * 1024, 10);
}
