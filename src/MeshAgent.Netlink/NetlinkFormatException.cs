namespace MeshAgent.Netlink;

/// <summary>
/// Bytes that are not a well-formed netlink message or attribute (bad length, truncated, wrong payload
/// size for the attribute's type). The only exception the parsers throw on bad input.
/// </summary>
public sealed class NetlinkFormatException : FormatException
{
    /// <summary>Creates the exception.</summary>
    public NetlinkFormatException()
    {
    }

    /// <summary>Creates the exception.</summary>
    public NetlinkFormatException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public NetlinkFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
