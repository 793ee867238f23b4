namespace MeshAgent.Gossip;

/// <summary>
/// Base of every error raised while decoding bytes received from the network (framing, MessagePack,
/// compression, decryption, checksum). A receive loop catches this type, counts the packet and drops it.
/// </summary>
public class GossipDecodeException : Exception
{
    /// <summary>Creates the exception with a message naming what was wrong.</summary>
    public GossipDecodeException(string message) : base(message) { }

    /// <summary>Creates an empty exception.</summary>
    public GossipDecodeException() { }

    /// <summary>Creates the exception wrapping its cause.</summary>
    public GossipDecodeException(string message, Exception innerException) : base(message, innerException) { }
}
