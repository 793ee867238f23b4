namespace MeshAgent.Daemon.Authority;

/// <summary>An admission, revocation or token request the authority refuses; the message says why in one line.</summary>
public sealed class AuthorityException : Exception
{
    /// <summary>Creates the exception.</summary>
    public AuthorityException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public AuthorityException()
    {
    }

    /// <summary>Creates the exception.</summary>
    public AuthorityException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
