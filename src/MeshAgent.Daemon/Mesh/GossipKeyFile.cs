using System.Text.Json;
using MeshAgent.Core.Records;
using MeshAgent.Gossip.Security;

namespace MeshAgent.Daemon.Mesh;

/// <summary>
/// Reads gossip.key_file: base64 keys of 16, 24 or 32 bytes (as <c>serf keygen</c> prints them), one per
/// line, the first being the primary; or Serf's keyring file, a JSON array of the same strings. Further keys
/// are accepted on input, so a key can be rotated without downtime: add the new key second everywhere, then
/// move it first, then drop the old one. The file must be mode 0600 or stricter.
/// </summary>
public static class GossipKeyFile
{
    /// <summary>Loads the keyring from <paramref name="path"/>.</summary>
    /// <exception cref="SecretFileException">Missing, too open, or no valid key.</exception>
    public static Keyring Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        string text;
        try
        {
            if ((File.GetUnixFileMode(path) & SecretFile.ForbiddenModes) != 0)
            {
                throw new SecretFileException(path, "gives others access; it must be 0600 or stricter");
            }

            text = File.ReadAllText(path).Trim();
        }
        catch (IOException e)
        {
            throw new SecretFileException(path, e.Message, e);
        }

        string[] keys;
        try
        {
            keys = text.StartsWith('[')
                ? JsonSerializer.Deserialize(text, GossipKeyJsonContext.Default.StringArray) ?? []
                : text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        }
        catch (JsonException)
        {
            throw new SecretFileException(path, "not a JSON array of base64 keys");
        }

        if (keys.Length == 0)
        {
            throw new SecretFileException(path, "holds no key");
        }

        try
        {
            return Keyring.FromBase64(keys[0], keys[1..]);
        }
        catch (Exception e) when (e is FormatException or ArgumentException)
        {
            // Never echo key material.
            throw new SecretFileException(path, "a key is not base64 of 16, 24 or 32 bytes");
        }
    }
}
