namespace MeshAgent.Dnsmasq.Probing;

/// <summary>DNS RCODE (RFC 1035 section 4.1.1; 5 = REFUSED).</summary>
public enum DnsResponseCode
{
    /// <summary>No error.</summary>
    NoError = 0,

    /// <summary>The server could not parse the query.</summary>
    FormatError = 1,

    /// <summary>The server failed.</summary>
    ServerFailure = 2,

    /// <summary>NXDOMAIN: the name does not exist.</summary>
    NameError = 3,

    /// <summary>The query kind is not supported.</summary>
    NotImplemented = 4,

    /// <summary>The server will not answer (dnsmasq 2.90 for outside names when it has no upstream).</summary>
    Refused = 5,
}
