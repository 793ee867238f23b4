using System.Text;

namespace MeshAgent.Dnsmasq.Rendering;

/// <summary>
/// Reads and writes our dnsmasq files. Writes are atomic (temporary file, then rename) so dnsmasq never
/// reads half a file; files are 0644 and the directory 0755 because dnsmasq re-reads hosts files on SIGHUP
/// after dropping to an unprivileged user. Not thread-safe; callers serialise.
/// </summary>
public static class DnsmasqFileStore
{
    private const UnixFileMode DirectoryMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
        | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;

    private const UnixFileMode FileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    /// <summary>Writes the config and both hosts files; returns the paths that changed.</summary>
    public static IReadOnlyList<string> WriteAll(DnsmasqRendering rendering)
    {
        ArgumentNullException.ThrowIfNull(rendering);
        var changed = WriteHosts(rendering).ToList();
        if (WriteIfDifferent(rendering.Paths.ConfigFile, rendering.Config))
        {
            changed.Insert(0, rendering.Paths.ConfigFile);
        }

        return changed;
    }

    /// <summary>Writes both hosts files; returns the paths that changed.</summary>
    public static IReadOnlyList<string> WriteHosts(DnsmasqRendering rendering)
    {
        ArgumentNullException.ThrowIfNull(rendering);
        var changed = new List<string>();
        if (WriteIfDifferent(rendering.Paths.StaticHostsFile, rendering.StaticHosts))
        {
            changed.Add(rendering.Paths.StaticHostsFile);
        }

        if (WriteIfDifferent(rendering.Paths.MeshHostsFile, rendering.MeshHosts))
        {
            changed.Add(rendering.Paths.MeshHostsFile);
        }

        return changed;
    }

    /// <summary>The text of <paramref name="path"/>, or null when it does not exist.</summary>
    public static string? Read(string path)
    {
        try
        {
            return File.ReadAllText(path, Encoding.UTF8);
        }
        catch (FileNotFoundException)
        {
            return null;
        }
        catch (DirectoryNotFoundException)
        {
            return null;
        }
    }

    /// <summary>Each of our files whose on-disk text differs from <paramref name="rendering"/>, with its desired text.</summary>
    public static IReadOnlyList<(string Path, string? Actual, string Desired)> Differences(DnsmasqRendering rendering)
    {
        ArgumentNullException.ThrowIfNull(rendering);
        var wanted = new[]
        {
            (rendering.Paths.ConfigFile, rendering.Config),
            (rendering.Paths.StaticHostsFile, rendering.StaticHosts),
            (rendering.Paths.MeshHostsFile, rendering.MeshHosts),
        };
        return wanted
            .Select(w => (Path: w.Item1, Actual: Read(w.Item1), Desired: w.Item2))
            .Where(w => w.Actual != w.Desired)
            .ToList();
    }

    private static bool WriteIfDifferent(string path, string text)
    {
        if (Read(path) == text)
        {
            return false;
        }

        var directory = Path.GetDirectoryName(path)!;
        Directory.CreateDirectory(directory, DirectoryMode);
        // CreateDirectory's mode passes through the umask (the unit's UMask=0077 makes it 0700), and dnsmasq reads
        // the hosts files after dropping to its own user: without the explicit mode it cannot enter the directory.
        if (File.GetUnixFileMode(directory) != DirectoryMode)
        {
            File.SetUnixFileMode(directory, DirectoryMode);
        }

        var temporary = path + ".tmp";
        File.WriteAllText(temporary, text, new UTF8Encoding(false));
        File.SetUnixFileMode(temporary, FileMode);
        File.Move(temporary, path, overwrite: true);
        return true;
    }
}
