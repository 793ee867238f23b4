using System.Net;

namespace MeshAgent.Core.Configuration;

/// <summary>Membership gossip (SWIM with Lifeguard, HashiCorp memberlist wire format).</summary>
public sealed record GossipConfig
{
    /// <summary>memberlist's and Serf's default port.</summary>
    public const int DefaultPort = 7946;

    /// <summary>Address to bind; null binds every address (hubs are also reached on the underlay for bootstrap).</summary>
    [ConfigKey("bind")]
    public IPAddress? Bind { get; init; }

    /// <summary>Address announced to other members; null announces this node's mesh address, so gossip rides the tunnels.</summary>
    [ConfigKey("advertise")]
    public IPAddress? Advertise { get; init; }

    /// <summary>TCP and UDP port of gossip.</summary>
    [ConfigKey("port")]
    public int Port { get; init; } = DefaultPort;

    /// <summary>
    /// File holding the memberlist keyring (AES-GCM keys); must not be readable by group or other.
    /// Null leaves gossip unencrypted.
    /// </summary>
    [ConfigKey("key_file")]
    public string? KeyFile { get; init; }

    /// <summary>Timing preset (memberlist's LAN/WAN/Local configurations).</summary>
    [ConfigKey("preset")]
    public GossipPreset Preset { get; init; } = GossipPreset.Lan;

    /// <summary>Members to contact at start; a missing port means <see cref="Port"/>.</summary>
    [ConfigKey("join")]
    public IReadOnlyList<EndPoint> Join { get; init; } = [];
}

/// <summary>Gossip timing presets.</summary>
public enum GossipPreset
{
    /// <summary>Members on one LAN: fast probes.</summary>
    Lan,

    /// <summary>Members across the internet: slower probes, more tolerance.</summary>
    Wan,

    /// <summary>Members on one host (tests): fastest.</summary>
    Local,
}
