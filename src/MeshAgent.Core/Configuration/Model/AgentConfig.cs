namespace MeshAgent.Core.Configuration;

/// <summary>
/// The whole typed configuration of one meshagent (/etc/meshagent/agent.yaml). Immutable. A null section
/// means the section was absent and its subsystem is off; <see cref="Node"/> and <see cref="Http"/> always
/// exist. <c>new AgentConfig()</c> is the configuration of an empty file.
/// </summary>
public sealed record AgentConfig
{
    /// <summary>This node's identity and directories.</summary>
    [ConfigKey("node")]
    public NodeConfig Node { get; init; } = new();

    /// <summary>HTTP endpoint (metrics, health, API) and the local API socket.</summary>
    [ConfigKey("http")]
    public HttpConfig Http { get; init; } = new();

    /// <summary>The WireGuard mesh (wg0 and its peers); null turns the mesh off.</summary>
    [ConfigKey("mesh")]
    public MeshConfig? Mesh { get; init; }

    /// <summary>Membership gossip (SWIM, memberlist wire format); null turns gossip off.</summary>
    [ConfigKey("gossip")]
    public GossipConfig? Gossip { get; init; }

    /// <summary>The mesh authority's public key (and on the admin node its private key file).</summary>
    [ConfigKey("authority")]
    public AuthorityConfig? Authority { get; init; }

    /// <summary>How this node asks to join the mesh; null when it is already admitted or admitted by hand.</summary>
    [ConfigKey("join")]
    public JoinConfig? Join { get; init; }

    /// <summary>The local Virtual Routing Bridge (NetworkManager bridges); null leaves bridges alone.</summary>
    [ConfigKey("vrb")]
    public VrbConfig? Vrb { get; init; }

    /// <summary>dnsmasq as DHCP and DNS server; null does not run dnsmasq.</summary>
    [ConfigKey("dns_dhcp")]
    public DnsDhcpConfig? DnsDhcp { get; init; }

    /// <summary>Port mapping on the upstream NAT gateway; null does no port mapping.</summary>
    [ConfigKey("nat")]
    public NatConfig? Nat { get; init; }

    /// <summary>The host firewall; null touches no firewall.</summary>
    [ConfigKey("firewall")]
    public FirewallConfig? Firewall { get; init; }
}
