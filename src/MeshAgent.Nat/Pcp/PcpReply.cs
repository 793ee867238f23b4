using System.Net;

namespace MeshAgent.Nat.Pcp;

/// <summary>PCP opcodes this client sends (RFC 6887 section 19.2).</summary>
public enum PcpOpcode
{
    /// <summary>ANNOUNCE, opcode 0.</summary>
    Announce = 0,

    /// <summary>MAP, opcode 1.</summary>
    Map = 1,
}

/// <summary>PCP result codes (RFC 6887 section 7.4).</summary>
public enum PcpResultCode
{
    /// <summary>Success.</summary>
    Success = 0,

    /// <summary>The server does not speak version 2.</summary>
    UnsupportedVersion = 1,

    /// <summary>Not authorized.</summary>
    NotAuthorized = 2,

    /// <summary>The request was malformed.</summary>
    MalformedRequest = 3,

    /// <summary>Unsupported opcode.</summary>
    UnsupportedOpcode = 4,

    /// <summary>Unsupported option.</summary>
    UnsupportedOption = 5,

    /// <summary>Malformed option.</summary>
    MalformedOption = 6,

    /// <summary>Network failure.</summary>
    NetworkFailure = 7,

    /// <summary>No resources.</summary>
    NoResources = 8,

    /// <summary>Unsupported protocol.</summary>
    UnsupportedProtocol = 9,

    /// <summary>User exceeded quota.</summary>
    UserExceededQuota = 10,

    /// <summary>Cannot provide the suggested external address or port.</summary>
    CannotProvideExternal = 11,

    /// <summary>The client address in the request is not the packet's source (a NAT between us and the server).</summary>
    AddressMismatch = 12,

    /// <summary>Excessive remote peers.</summary>
    ExcessiveRemotePeers = 13,
}

/// <summary>A decoded PCP reply; MAP fields are empty for ANNOUNCE and for header-only error replies.</summary>
/// <param name="Opcode">Which request it answers.</param>
/// <param name="Result">The server's result code.</param>
/// <param name="LifetimeSeconds">Granted lifetime, or on error how long the error is expected to last.</param>
/// <param name="Epoch">The server's epoch time in seconds.</param>
/// <param name="Nonce">The MAP nonce echoed back; must equal the request's.</param>
/// <param name="InternalPort">The mapped internal port.</param>
/// <param name="ExternalPort">The assigned external port.</param>
/// <param name="ExternalAddress">The assigned external address.</param>
public sealed record PcpReply(
    PcpOpcode Opcode,
    PcpResultCode Result,
    uint LifetimeSeconds,
    uint Epoch,
    byte[] Nonce,
    ushort InternalPort,
    ushort ExternalPort,
    IPAddress? ExternalAddress);
