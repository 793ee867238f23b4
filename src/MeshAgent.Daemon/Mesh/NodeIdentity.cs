using MeshAgent.Core.Records;
using MeshAgent.Interop;
using MeshAgent.WireGuard;

namespace MeshAgent.Daemon.Mesh;

/// <summary>
/// This node's WireGuard key pair. Generated at first start into the state directory (mode 0600) and
/// kept across restarts; replaced only by a key rotation. The private key is never logged or served by any API.
/// Thread-safe: readers see the old pair or the new one, never half of each.
/// </summary>
public sealed class NodeIdentity
{
    /// <summary>File name of the private key inside the state directory.</summary>
    public const string PrivateKeyFile = "wireguard.key";

    private readonly string _path;
    private volatile KeyPair _current;

    private NodeIdentity(WireGuardKey privateKey, string path)
    {
        _current = new KeyPair(privateKey);
        _path = path;
    }

    /// <summary>The private key: hand it only to the WireGuard backend.</summary>
    public WireGuardKey PrivateKey => _current.PrivateKey;

    /// <summary>The public key, this node's identity in records and peers.</summary>
    public WireGuardKey PublicKey => _current.PublicKey;

    /// <summary>Both keys of the same pair (reading the two properties one after the other could straddle a rotation).</summary>
    public (WireGuardKey PrivateKey, WireGuardKey PublicKey) Pair
    {
        get
        {
            var pair = _current;
            return (pair.PrivateKey, pair.PublicKey);
        }
    }

    /// <summary>Loads the key from <paramref name="stateDirectory"/>, creating it (0600) when absent.</summary>
    /// <exception cref="SecretFileException">The key file exists but is too open or malformed, or cannot be written.</exception>
    public static NodeIdentity LoadOrCreate(string stateDirectory)
    {
        var path = Path.Combine(stateDirectory, PrivateKeyFile);
        if (!File.Exists(path))
        {
            Directory.CreateDirectory(stateDirectory);
            // The state directory holds secrets: nobody but the agent may list it.
            File.SetUnixFileMode(stateDirectory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            SecretFile.WriteKey(path, WireGuardKeys.GeneratePrivateKey().Bytes);
        }

        return new NodeIdentity(new WireGuardKey(SecretFile.ReadKey(path, WireGuardKey.Length)), path);
    }

    /// <summary>
    /// Switches to <paramref name="privateKey"/>: stored durably first (0600, atomic rename, so a crash leaves the old
    /// key or the new one), then used.
    /// </summary>
    /// <exception cref="IOException">The new key could not be stored; the old one stays in use.</exception>
    public void Rotate(WireGuardKey privateKey)
    {
        DurableFile.Replace(_path, System.Text.Encoding.ASCII.GetBytes(privateKey.ToBase64() + "\n"), UnixFileMode.UserRead | UnixFileMode.UserWrite);
        _current = new KeyPair(privateKey);
    }

    /// <summary>When the key in use was written: the start of its life for scheduled rotation.</summary>
    public DateTimeOffset? KeyWrittenAt => File.Exists(_path) ? File.GetLastWriteTimeUtc(_path) : null;

    /// <summary>Never key material.</summary>
    public override string ToString() => $"node identity {PublicKey.ToBase64()}";

    private sealed class KeyPair(WireGuardKey privateKey)
    {
        public WireGuardKey PrivateKey { get; } = privateKey;

        public WireGuardKey PublicKey { get; } = WireGuardKeys.PublicKeyOf(privateKey);
    }
}
