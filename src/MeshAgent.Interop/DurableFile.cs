using System.Runtime.InteropServices;

namespace MeshAgent.Interop;

/// <summary>
/// Replaces a small file so that after a crash or power loss it holds either the old or the new content, and the
/// new content once this returns: write a temporary file, fsync it, rename it over the target, fsync the
/// directory (the rename itself lives in the directory). Used for state that must never go backwards, such as
/// replay-window high-water marks. Thread-safe for different paths.
/// </summary>
public static class DurableFile
{
    /// <summary>Writes <paramref name="content"/> to <paramref name="path"/> durably with <paramref name="mode"/>.</summary>
    /// <exception cref="IOException">Writing, syncing or renaming failed; the previous file is then untouched.</exception>
    public static void Replace(string path, ReadOnlySpan<byte> content, UnixFileMode mode)
    {
        var fullPath = Path.GetFullPath(path);
        var directory = Path.GetDirectoryName(fullPath) ?? "/";
        var temporary = fullPath + ".tmp";
        using (var stream = new FileStream(temporary, new FileStreamOptions
        {
            Mode = FileMode.Create,
            Access = FileAccess.Write,
            UnixCreateMode = mode,
        }))
        {
            stream.Write(content);
            stream.Flush(flushToDisk: true);
        }

        File.Move(temporary, fullPath, overwrite: true);
        SyncDirectory(directory);
    }

    private static void SyncDirectory(string directory)
    {
        using var handle = Interop.Libc.Open(directory, Interop.Libc.O_RDONLY | Interop.Libc.O_DIRECTORY | Interop.Libc.O_CLOEXEC);
        if (handle.IsInvalid)
        {
            throw new IOException($"open {directory}: errno {Marshal.GetLastPInvokeError()}");
        }

        if (Interop.Libc.FSync(handle) != 0)
        {
            throw new IOException($"fsync {directory}: errno {Marshal.GetLastPInvokeError()}");
        }
    }
}
