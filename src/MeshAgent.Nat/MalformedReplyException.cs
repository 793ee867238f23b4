namespace MeshAgent.Nat;

/// <summary>A reply that is not a well-formed message of the protocol: the only exception a decoder throws.</summary>
public sealed class MalformedReplyException : Exception
{
    /// <summary>Creates the exception.</summary>
    public MalformedReplyException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception for a reply refused for <paramref name="kind"/>.</summary>
    public MalformedReplyException(MalformedReplyKind kind, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Kind = kind;
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

    /// <summary>Why the reply was refused, for the counters.</summary>
    public MalformedReplyKind Kind { get; } = MalformedReplyKind.Malformed;
}

/// <summary>Why a decoder refused a reply.</summary>
public enum MalformedReplyKind
{
    /// <summary>Not a well-formed message of the protocol.</summary>
    Malformed = 0,

    /// <summary>Larger than the decoder accepts (an HTTP body or datagram past its limit).</summary>
    Oversized = 1,

    /// <summary>XML carrying a document type declaration or entity definitions, refused before any expansion.</summary>
    DocumentType = 2,
}
