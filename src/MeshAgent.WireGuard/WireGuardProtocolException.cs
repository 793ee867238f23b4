namespace MeshAgent.WireGuard;

/// <summary>
/// A reply from a backend could not be understood (malformed UAPI text, truncated reply). Errno is
/// EPROTO (71), as wg(8) reports it.
/// </summary>
public sealed class WireGuardProtocolException : WireGuardException
{
    /// <summary>EPROTO: the errno wg(8) uses for a reply it cannot parse.</summary>
    public const int EPROTO = 71;

    /// <summary>Creates the exception.</summary>
    public WireGuardProtocolException(string message)
        : base(message, EPROTO)
    {
    }

    /// <summary>Creates the exception.</summary>
    public WireGuardProtocolException()
        : base("Protocol error", EPROTO)
    {
    }

    /// <summary>Creates the exception.</summary>
    public WireGuardProtocolException(string message, Exception innerException)
        : base(message, EPROTO, innerException)
    {
    }
}
