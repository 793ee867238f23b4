namespace MeshAgent.Nat;

/// <summary>Port-mapping protocols, in order of preference (the lowest value is tried first).</summary>
public enum PortMappingProtocol
{
    /// <summary>NAT-PMP, RFC 6886.</summary>
    NatPmp = 0,

    /// <summary>Port Control Protocol, RFC 6887.</summary>
    Pcp = 1,

    /// <summary>UPnP Internet Gateway Device v1/v2.</summary>
    Upnp = 2,
}
