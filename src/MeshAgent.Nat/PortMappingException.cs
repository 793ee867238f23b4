namespace MeshAgent.Nat;

/// <summary>A gateway refused a request or did not answer; <see cref="ResultCode"/> is the protocol's own code when it sent one.</summary>
public sealed class PortMappingException : Exception
{
    /// <summary>Creates the exception.</summary>
    public PortMappingException(PortMappingProtocol protocol, string operation, int? resultCode, string message, Exception? innerException = null)
        : base($"{protocol} {operation}: {message}", innerException)
    {
        Protocol = protocol;
        Operation = operation;
        ResultCode = resultCode;
    }

    /// <summary>Creates the exception.</summary>
    public PortMappingException()
        : this(PortMappingProtocol.NatPmp, "map", null, "failed")
    {
    }

    /// <summary>Creates the exception.</summary>
    public PortMappingException(string message)
        : this(PortMappingProtocol.NatPmp, "map", null, message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public PortMappingException(string message, Exception innerException)
        : this(PortMappingProtocol.NatPmp, "map", null, message, innerException)
    {
    }

    /// <summary>The protocol that failed.</summary>
    public PortMappingProtocol Protocol { get; }

    /// <summary>What was asked: "map", "unmap", "external address".</summary>
    public string Operation { get; }

    /// <summary>The gateway's result code, or null when it did not answer.</summary>
    public int? ResultCode { get; }
}
