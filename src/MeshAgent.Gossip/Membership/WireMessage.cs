using MeshAgent.Gossip.Wire;

namespace MeshAgent.Gossip.Membership;

/// <summary>
/// A message with its encoding (type byte and body), encoded at most once however often it is sent. Over the
/// in-memory network in message mode the same instance travels to every receiver and is re-gossiped as is,
/// so a rumour costs one encoding in the whole simulation. Immutable once encoded.
/// </summary>
internal sealed class WireMessage(IGossipMessage message, byte[]? bytes = null)
{
    private byte[]? _bytes = bytes;

    public IGossipMessage Message { get; } = message;

    public byte[] Bytes => _bytes ??= MessageCodec.Encode(Message);

    public int Length => Bytes.Length;
}
