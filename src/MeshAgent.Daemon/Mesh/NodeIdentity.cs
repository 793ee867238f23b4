using MeshAgent.Core.Records;
using MeshAgent.WireGuard;

namespace MeshAgent.Daemon.Mesh;

/// <summary>
/// This node's WireGuard key pair. Generated at first start into the state directory (mode 0600) and
/// kept across restarts; the private key is never logged or served by any API.
/// </summary>
public sealed class NodeIdentity
{
    /// <summary>File name of the private key inside the state directory.</summary>
    public const string PrivateKeyFile = "wireguard.key";

    private NodeIdentity(WireGuardKey privateKey)
    {
        PrivateKey = privateKey;
        PublicKey = WireGuardKeys.PublicKeyOf(privateKey);
    }

    /// <summary>The private key: hand it only to the WireGuard backend.</summary>
    public WireGuardKey PrivateKey { get; }

    /// <summary>The public key, this node's identity in records and peers.</summary>
    public WireGuardKey PublicKey { get; }

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

        return new NodeIdentity(new WireGuardKey(SecretFile.ReadKey(path, WireGuardKey.Length)));
    }

    /// <summary>Never key material.</summary>
    public override string ToString() => $"node identity {PublicKey.ToBase64()}";
}
