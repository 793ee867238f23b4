namespace MeshAgent.Dnsmasq.Supervision;

/// <summary>A process could not be started or signalled; the cause is kept as the inner exception.</summary>
public sealed class DnsmasqProcessException : Exception
{
    /// <summary>Creates the exception.</summary>
    public DnsmasqProcessException()
        : base("dnsmasq process operation failed")
    {
    }

    /// <summary>Creates the exception saying what failed.</summary>
    public DnsmasqProcessException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with its cause.</summary>
    public DnsmasqProcessException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
