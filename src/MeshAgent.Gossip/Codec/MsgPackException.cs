namespace MeshAgent.Gossip.Codec;

/// <summary>Thrown when bytes are not valid MessagePack, or not of the shape a memberlist message expects.</summary>
public sealed class MsgPackException : GossipDecodeException
{
    /// <summary>Creates the exception with a message naming what was wrong and where.</summary>
    public MsgPackException(string message) : base(message) { }

    /// <summary>Creates an empty exception.</summary>
    public MsgPackException() { }

    /// <summary>Creates the exception wrapping its cause.</summary>
    public MsgPackException(string message, Exception innerException) : base(message, innerException) { }
}
