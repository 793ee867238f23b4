using System.Globalization;
using System.Text;
using MeshAgent.Interop;

namespace MeshAgent.Core.Commands;

/// <summary>A counter file that cannot be read; the caller must not guess a value (guessing low reopens replays).</summary>
public sealed class CounterFileException(string message) : Exception(message);

/// <summary>
/// A 32-bit command counter in the state directory, tied to the authority it counts for: three lines,
/// <c>meshagent command counter v1</c>, <c>authority BASE64</c>, <c>counter N</c>. Written with
/// <see cref="DurableFile"/> (fsync of file and directory), mode 0600. A file of another authority reads as
/// absent: a new authority starts a new counter space. Pure file I/O; thread-safe for different paths.
/// </summary>
public static class CounterFile
{
    private const string FirstLine = "meshagent command counter v1";

    /// <summary>The counter stored for <paramref name="authorityPublicKey"/>, or null when the file is absent or belongs to another authority.</summary>
    /// <exception cref="CounterFileException">The file exists but is not a counter file.</exception>
    public static uint? Read(string path, ReadOnlySpan<byte> authorityPublicKey)
    {
        string[] lines;
        try
        {
            lines = File.ReadAllLines(path);
        }
        catch (FileNotFoundException)
        {
            return null;
        }
        catch (IOException e)
        {
            throw new CounterFileException($"{path}: {e.Message}");
        }

        if (lines.Length != 3 || lines[0] != FirstLine || !lines[1].StartsWith("authority ", StringComparison.Ordinal)
            || !lines[2].StartsWith("counter ", StringComparison.Ordinal)
            || !uint.TryParse(lines[2].AsSpan("counter ".Length), NumberStyles.None, CultureInfo.InvariantCulture, out var counter))
        {
            throw new CounterFileException($"{path}: not a command counter file");
        }

        return lines[1]["authority ".Length..] == Convert.ToBase64String(authorityPublicKey) ? counter : null;
    }

    /// <summary>Stores <paramref name="counter"/> durably; when this returns, a crash cannot bring back an older value.</summary>
    /// <exception cref="IOException">The file could not be written; the previous one is intact.</exception>
    public static void Write(string path, ReadOnlySpan<byte> authorityPublicKey, uint counter)
    {
        var text = string.Create(CultureInfo.InvariantCulture, $"{FirstLine}\nauthority {Convert.ToBase64String(authorityPublicKey)}\ncounter {counter}\n");
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null)
        {
            Directory.CreateDirectory(directory);
        }

        DurableFile.Replace(path, Encoding.ASCII.GetBytes(text), UnixFileMode.UserRead | UnixFileMode.UserWrite);
    }
}
