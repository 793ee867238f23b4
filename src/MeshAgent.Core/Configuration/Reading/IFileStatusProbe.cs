namespace MeshAgent.Core.Configuration.Reading;

/// <summary>What the loader needs to know about a key file.</summary>
/// <param name="Exists">The path names something.</param>
/// <param name="IsRegularFile">It is a regular file (after following symlinks).</param>
/// <param name="Mode">Its permission bits (only meaningful when it exists).</param>
internal readonly record struct FileStatus(bool Exists, bool IsRegularFile, UnixFileMode Mode)
{
    /// <summary>Nothing at that path.</summary>
    public static FileStatus Missing => default;
}

/// <summary>The seam through which validation stats key files. For tests: a fake returns chosen modes.</summary>
internal interface IFileStatusProbe
{
    /// <summary>Stats <paramref name="path"/>; never throws (an unreadable path is reported as missing).</summary>
    FileStatus Stat(string path);
}

/// <summary>Stats the real file system.</summary>
internal sealed class FileSystemStatusProbe : IFileStatusProbe
{
    /// <summary>The shared instance; stateless.</summary>
    public static FileSystemStatusProbe Instance { get; } = new();

    /// <inheritdoc />
    public FileStatus Stat(string path)
    {
        // The daemon is Linux-only; the guard keeps the platform analyzer (CA1416) satisfied.
        if (OperatingSystem.IsWindows())
        {
            return FileStatus.Missing;
        }

        try
        {
            if (File.Exists(path))
            {
                return new FileStatus(true, true, File.GetUnixFileMode(path));
            }

            return Directory.Exists(path) ? new FileStatus(true, false, File.GetUnixFileMode(path)) : FileStatus.Missing;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return FileStatus.Missing;
        }
    }
}
