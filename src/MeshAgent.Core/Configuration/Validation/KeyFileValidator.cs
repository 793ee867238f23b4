using System.Globalization;
using MeshAgent.Core.Configuration.Reading;

namespace MeshAgent.Core.Configuration.Validation;

/// <summary>
/// Secret key files (gossip.key_file, authority.key_file) must give group and other no permission at all.
/// A file that does not exist yet is fine (it may be created at first start).
/// </summary>
internal static class KeyFileValidator
{
    private const UnixFileMode GroupAndOther =
        UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute |
        UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    /// <summary>Stats every key file <paramref name="config"/> names.</summary>
    public static void Validate(AgentConfig config, ConfigContext context)
    {
        Check(config.Gossip?.KeyFile, "gossip.key_file", context);
        Check(config.Authority?.KeyFile, "authority.key_file", context);
    }

    /// <summary>"0644": the permission bits as chmod(1) takes them.</summary>
    public static string Octal(UnixFileMode mode) =>
        "0" + Convert.ToString((int)mode & 0x1FF, 8).PadLeft(3, '0');

    private static void Check(string? file, string path, ConfigContext context)
    {
        if (file is null || !context.IsClean(path))
        {
            return;
        }

        var status = context.Environment.Files.Stat(file);
        if (!status.Exists)
        {
            return;
        }

        if (!status.IsRegularFile)
        {
            context.Report(path, $"{file} is not a regular file");
        }
        else if ((status.Mode & GroupAndOther) != 0)
        {
            context.Report(path, string.Create(CultureInfo.InvariantCulture,
                $"{file} has mode {Octal(status.Mode)}, must be 0600 or stricter (chmod 600 {file})"));
        }
    }
}
