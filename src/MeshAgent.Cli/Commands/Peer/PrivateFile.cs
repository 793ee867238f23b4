namespace MeshAgent.Cli.Commands.Peer;

/// <summary>Writes files that hold a device's private key: created new with mode 0600, never readable by others, never overwritten.</summary>
internal static class PrivateFile
{
    /// <summary>Creates <paramref name="path"/> (0600) with <paramref name="content"/>; its directory, if new, gets 0700.</summary>
    /// <exception cref="IOException">The file exists or cannot be written.</exception>
    public static void Create(string path, ReadOnlySpan<byte> content)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null && !Directory.Exists(directory))
        {
            Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        // CreateNew with the mode set at creation: the key is not readable by others even for an instant.
        using var stream = new FileStream(path, new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.Write,
            UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
        });
        stream.Write(content);
    }
}
