namespace MeshAgent.Core.Backup;

/// <summary>One file of a node's identity or state inside a backup. Its content may be secret: never logged.</summary>
/// <param name="Name">Logical name relative to the state it restores into ("wireguard.key", "records.bin").</param>
/// <param name="Content">The file's bytes.</param>
public sealed record BackupEntry(string Name, byte[] Content)
{
    /// <summary>Never prints the content.</summary>
    public override string ToString() => $"BackupEntry {{ Name = {Name}, Length = {Content.Length} }}";
}
