using MeshAgent.Core.Commands;
using MeshAgent.Daemon.Mesh;

namespace MeshAgent.Daemon.Commands;

/// <summary>
/// This node's command MAC key, derived again only when its WireGuard key changed (a rotation): the authority
/// derives its side from the node's record, which names the new key from then on. Thread-safe.
/// </summary>
public sealed class SelfCommandKey(NodeIdentity identity, byte[] authorityPublicKey)
{
    private readonly Lock _gate = new();
    private string? _derivedFor;
    private CommandMacKey? _key;

    /// <summary>The key for the WireGuard key in use now.</summary>
    public CommandMacKey Current()
    {
        lock (_gate)
        {
            var (privateKey, publicKey) = identity.Pair;
            var text = publicKey.ToBase64();
            if (_key is null || _derivedFor != text)
            {
                _key = CommandKeys.ForSelf(privateKey.Bytes, publicKey.Bytes, authorityPublicKey);
                _derivedFor = text;
            }

            return _key;
        }
    }
}
