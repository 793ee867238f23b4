namespace MeshAgent.Nat;

/// <summary>The protocols' names in metrics labels, the API and logs.</summary>
public static class PortMappingProtocolNames
{
    /// <summary>"natpmp", "pcp" or "upnp".</summary>
    public static string Label(this PortMappingProtocol protocol) => protocol switch
    {
        PortMappingProtocol.NatPmp => "natpmp",
        PortMappingProtocol.Pcp => "pcp",
        PortMappingProtocol.Upnp => "upnp",
        _ => throw new ArgumentOutOfRangeException(nameof(protocol), protocol, null),
    };
}
