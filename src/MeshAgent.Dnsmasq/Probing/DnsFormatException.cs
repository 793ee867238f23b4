namespace MeshAgent.Dnsmasq.Probing;

/// <summary>Thrown by <see cref="DnsMessageCodec"/> for a malformed message.</summary>
public sealed class DnsFormatException : Exception
{
    /// <summary>Creates the exception.</summary>
    public DnsFormatException()
        : base("malformed DNS message")
    {
    }

    /// <summary>Creates the exception saying what is wrong.</summary>
    public DnsFormatException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a cause.</summary>
    public DnsFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
