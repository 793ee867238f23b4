namespace MeshAgent.Core.Records;

/// <summary>
/// Secret key files: one line of base64, mode 0600, owned by the agent. Reading refuses a file that
/// gives group or others any permission, as ssh does, because a key others could read is compromised.
/// </summary>
public static class SecretFile
{
    /// <summary>Permissions that must not be set on a secret file.</summary>
    public const UnixFileMode ForbiddenModes =
        UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute |
        UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    /// <summary>Reads a base64 key of <paramref name="length"/> bytes.</summary>
    /// <exception cref="SecretFileException">Missing, unreadable, too open, or not base64 of that length.</exception>
    public static byte[] ReadKey(string path, int length)
    {
        ArgumentNullException.ThrowIfNull(path);
        string text;
        try
        {
            var mode = File.GetUnixFileMode(path);
            if ((mode & ForbiddenModes) != 0)
            {
                throw new SecretFileException(path, $"mode {Convert.ToString((int)mode, 8).PadLeft(4, '0')} gives others access; it must be 0600 or stricter");
            }

            text = File.ReadAllText(path).Trim();
        }
        catch (IOException e)
        {
            throw new SecretFileException(path, e.Message, e);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new SecretFileException(path, e.Message, e);
        }

        var buffer = new byte[((text.Length * 3) / 4) + 3];
        if (!Convert.TryFromBase64String(text, buffer, out var written) || written != length)
        {
            throw new SecretFileException(path, $"not a base64 key of {length} bytes");
        }

        return buffer[..length];
    }

    /// <summary>Creates <paramref name="path"/> with mode 0600 holding <paramref name="key"/> in base64.</summary>
    /// <exception cref="SecretFileException">The file exists already, or cannot be written.</exception>
    public static void WriteKey(string path, ReadOnlySpan<byte> key)
    {
        ArgumentNullException.ThrowIfNull(path);
        try
        {
            var directory = Path.GetDirectoryName(Path.GetFullPath(path));
            if (directory is not null)
            {
                Directory.CreateDirectory(directory);
            }

            // CreateNew with the mode set at creation: the key is never readable by others, not even briefly.
            using var stream = new FileStream(path, new FileStreamOptions
            {
                Mode = FileMode.CreateNew,
                Access = FileAccess.Write,
                UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
            });
            using var writer = new StreamWriter(stream);
            writer.Write(Convert.ToBase64String(key));
            writer.Write('\n');
        }
        catch (IOException e)
        {
            throw new SecretFileException(path, e.Message, e);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new SecretFileException(path, e.Message, e);
        }
    }
}

/// <summary>A secret key file cannot be used; the message names the file and why, never its content.</summary>
public sealed class SecretFileException : Exception
{
    /// <summary>Creates the exception.</summary>
    public SecretFileException(string path, string reason, Exception? innerException = null)
        : base($"{path}: {reason}", innerException) => FilePath = path;

    /// <summary>Creates the exception.</summary>
    public SecretFileException()
    {
        FilePath = string.Empty;
    }

    /// <summary>Creates the exception.</summary>
    public SecretFileException(string message)
        : base(message)
    {
        FilePath = string.Empty;
    }

    /// <summary>Creates the exception.</summary>
    public SecretFileException(string message, Exception innerException)
        : base(message, innerException)
    {
        FilePath = string.Empty;
    }

    /// <summary>The key file.</summary>
    public string FilePath { get; }
}
