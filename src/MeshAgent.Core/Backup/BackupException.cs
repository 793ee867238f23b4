namespace MeshAgent.Core.Backup;

/// <summary>A backup that cannot be opened: not a backup, damaged, a newer version, or the wrong passphrase.</summary>
public sealed class BackupException : Exception
{
    /// <summary>Creates the exception.</summary>
    public BackupException()
    {
    }

    /// <summary>Creates the exception with a one-line reason.</summary>
    public BackupException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a one-line reason and its cause.</summary>
    public BackupException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
