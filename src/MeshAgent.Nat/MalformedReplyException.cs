namespace MeshAgent.Nat;

/// <summary>A reply that is not a well-formed message of the protocol: the only exception a decoder throws.</summary>
public sealed class MalformedReplyException : Exception
{
    /// <summary>Creates the exception.</summary>
    public MalformedReplyException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public MalformedReplyException()
        : base("malformed reply")
    {
    }

    /// <summary>Creates the exception.</summary>
    public MalformedReplyException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
