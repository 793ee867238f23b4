using System.Net;

namespace MeshAgent.Nat.NatPmp;

/// <summary>Which request a NAT-PMP reply answers.</summary>
public enum NatPmpReplyKind
{
    /// <summary>Opcode 128: public address.</summary>
    ExternalAddress,

    /// <summary>Opcode 129: UDP mapping.</summary>
    MapUdp,
}

/// <summary>NAT-PMP result codes (RFC 6886 section 3.5).</summary>
public enum NatPmpResultCode
{
    /// <summary>Success.</summary>
    Success = 0,

    /// <summary>Unsupported version.</summary>
    UnsupportedVersion = 1,

    /// <summary>Not authorized or refused (e.g. mapping disabled by the administrator).</summary>
    NotAuthorized = 2,

    /// <summary>Network failure (e.g. no DHCP lease on the WAN side yet).</summary>
    NetworkFailure = 3,

    /// <summary>Out of resources.</summary>
    OutOfResources = 4,

    /// <summary>Unsupported opcode.</summary>
    UnsupportedOpcode = 5,
}

/// <summary>A decoded NAT-PMP reply; fields that the reply's kind does not carry are zero or null.</summary>
/// <param name="Kind">Which request it answers.</param>
/// <param name="Result">The gateway's result code.</param>
/// <param name="Epoch">Seconds since the gateway's mapping table was started or reset.</param>
/// <param name="ExternalAddress">The public IPv4 address (external-address replies).</param>
/// <param name="InternalPort">The mapped local port (map replies).</param>
/// <param name="ExternalPort">The granted external port (map replies).</param>
/// <param name="LifetimeSeconds">The granted lifetime in seconds (map replies).</param>
public sealed record NatPmpReply(
    NatPmpReplyKind Kind,
    NatPmpResultCode Result,
    uint Epoch,
    IPAddress? ExternalAddress,
    ushort InternalPort,
    ushort ExternalPort,
    uint LifetimeSeconds);
