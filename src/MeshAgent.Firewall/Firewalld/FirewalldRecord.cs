using System.Text.Json;

namespace MeshAgent.Firewall.Firewalld;

/// <summary>One setting we added, and where.</summary>
/// <param name="Scope">Runtime or permanent.</param>
/// <param name="Setting">The setting.</param>
public sealed record FirewalldEntry(FirewalldScope Scope, FirewalldSetting Setting);

/// <summary>
/// The settings we added to firewalld (not those that were there before us), kept in a file so a later
/// <c>meshagent cleanup</c> removes ours and only ours. Written whole to a temporary file and renamed (never
/// half a file), mode 0600. Not thread-safe: the reconcile loop and the cleanup verb each own one.
/// </summary>
/// <param name="path">The file; its directory is created when missing.</param>
public sealed class FirewalldRecord(string path)
{
    /// <summary>The file name inside the agent's state directory.</summary>
    public const string FileName = "firewalld-added.json";

    /// <summary>The file.</summary>
    public string Path => path;

    /// <summary>What the file holds; empty when it is missing. Throws <see cref="FirewallException"/> when it is not ours.</summary>
    public IReadOnlyList<FirewalldEntry> Load()
    {
        if (!File.Exists(path))
        {
            return [];
        }

        try
        {
            return JsonSerializer.Deserialize(File.ReadAllText(path), FirewalldRecordJsonContext.Default.ListFirewalldEntry) ?? [];
        }
        catch (JsonException ex)
        {
            throw new FirewallException($"{path} is not a list of firewalld settings: {ex.Message}", ex);
        }
    }

    /// <summary>Replaces the file's content with <paramref name="entries"/>.</summary>
    public void Save(IReadOnlyCollection<FirewalldEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var directory = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!;
        Directory.CreateDirectory(directory);
        var temporary = path + ".tmp";
        var options = new FileStreamOptions
        {
            Mode = FileMode.Create,
            Access = FileAccess.Write,
            UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
        };
        using (var stream = new FileStream(temporary, options))
        {
            JsonSerializer.Serialize(stream, entries.Distinct().ToList(), FirewalldRecordJsonContext.Default.ListFirewalldEntry);
        }

        File.Move(temporary, path, overwrite: true);
    }
}
