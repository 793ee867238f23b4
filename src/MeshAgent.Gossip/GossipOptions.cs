using MeshAgent.Gossip.Security;

namespace MeshAgent.Gossip;

/// <summary>
/// Tuning of the SWIM + Lifeguard protocol. Start from a preset (<see cref="Lan"/>, <see cref="Wan"/>,
/// <see cref="Local"/>: memberlist's defaults) and override with <c>with</c>. Immutable.
/// </summary>
public sealed record GossipOptions
{
    /// <summary>Unique member name.</summary>
    public required string NodeName { get; init; }

    /// <summary>How often a member is probed (one member per interval, round robin).</summary>
    public TimeSpan ProbeInterval { get; init; }

    /// <summary>How long to wait for a direct ack before asking others to probe.</summary>
    public TimeSpan ProbeTimeout { get; init; }

    /// <summary>How many members are asked to probe indirectly after a missed ack.</summary>
    public int IndirectChecks { get; init; }

    /// <summary>Suspicion timeout = mult · max(1, log10 n) · probe interval.</summary>
    public int SuspicionMultiplier { get; init; }

    /// <summary>Lifeguard: a suspicion starts at this multiple of the minimum timeout and shrinks with confirmations.</summary>
    public int SuspicionMaxTimeoutMultiplier { get; init; }

    /// <summary>A broadcast is sent at most mult · ⌈log10(n + 1)⌉ times.</summary>
    public int RetransmitMultiplier { get; init; }

    /// <summary>How often queued broadcasts are gossiped.</summary>
    public TimeSpan GossipInterval { get; init; }

    /// <summary>To how many random members each gossip round is sent.</summary>
    public int GossipNodes { get; init; }

    /// <summary>Dead members still receive gossip for this long (so they learn they were declared dead).</summary>
    public TimeSpan GossipToTheDeadTime { get; init; }

    /// <summary>Full-state sync with one random member; scaled up above 32 members.</summary>
    public TimeSpan PushPullInterval { get; init; }

    /// <summary>Lifeguard local health: timeouts are multiplied by up to this factor when we are slow.</summary>
    public int AwarenessMaxMultiplier { get; init; }

    /// <summary>Largest packet we build (memberlist's UDPBufferSize).</summary>
    public int PacketBufferSize { get; init; } = 1400;

    /// <summary>Timeout of a stream exchange (push-pull, TCP ping, reliable user message).</summary>
    public TimeSpan StreamTimeout { get; init; }

    /// <summary>Beyond memberlist: one random dead member is contacted this often, so partitions heal by themselves.</summary>
    public TimeSpan ReconnectInterval { get; init; }

    /// <summary>Beyond memberlist: dead members are retried for this long, then forgotten.</summary>
    public TimeSpan ReconnectTimeout { get; init; } = TimeSpan.FromHours(24);

    /// <summary>Compress packets and streams with LZW when that makes them smaller.</summary>
    public bool EnableCompression { get; init; } = true;

    /// <summary>Encrypt everything with the keyring's primary key and accept only encrypted input; null for clear text.</summary>
    public Keyring? Keyring { get; init; }

    /// <summary>Optional cluster label (memberlist ≥ 0.3); empty for Serf 0.9.4.</summary>
    public string Label { get; init; } = "";

    /// <summary>
    /// Lifeguard on (default): local health, nacks, buddy suspicion, shrinking suspicion timeouts. Beyond
    /// memberlist, a member answers a stale suspicion about itself with its alive message, and a suspicion that
    /// runs out is checked by two direct buddy probes (one probe timeout each) before the member is declared dead.
    /// Off: plain SWIM with a fixed suspicion timeout (the Lifeguard paper's baseline).
    /// </summary>
    public bool Lifeguard { get; init; } = true;

    /// <summary>Send a TCP ping when UDP probes fail, as memberlist does (off in the simulator: TCP is not lossy there).</summary>
    public bool TcpPingFallback { get; init; } = true;

    /// <summary>Before leaving, broadcast Serf's leave intent so Serf agents show us as "left" rather than "failed".</summary>
    public bool SerfLeaveIntent { get; init; } = true;

    /// <summary>How long graceful leave waits for its broadcasts to go out.</summary>
    public TimeSpan LeavePropagationDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Seed for the member's randomness; null uses a random seed. Fixed in simulations for reproducibility.</summary>
    public int? RandomSeed { get; init; }

    /// <summary>LAN: memberlist's DefaultLANConfig, for a data-centre or office network.</summary>
    public static GossipOptions Lan(string nodeName) => new()
    {
        NodeName = nodeName,
        ProbeInterval = TimeSpan.FromSeconds(1),          // one probe per second keeps first detection near 1.6 s
        ProbeTimeout = TimeSpan.FromMilliseconds(500),    // well above a LAN round trip, below the probe interval
        IndirectChecks = 3,                               // three helpers make a false suspicion from one lossy path unlikely
        SuspicionMultiplier = 4,                          // 4 probe periods (scaled by log10 n) to refute a suspicion
        SuspicionMaxTimeoutMultiplier = 6,                // Lifeguard: start 6× longer, shrink with confirmations
        RetransmitMultiplier = 4,                         // 4·log10(n+1) sends reach everyone with high probability
        GossipInterval = TimeSpan.FromMilliseconds(200),  // fast dissemination at small packet cost
        GossipNodes = 3,                                  // fan-out of 3 gives log(n) rounds to full coverage
        GossipToTheDeadTime = TimeSpan.FromSeconds(30),   // a wrongly declared member hears about it and refutes
        PushPullInterval = TimeSpan.FromSeconds(30),      // anti-entropy repairs what gossip missed
        AwarenessMaxMultiplier = 8,                       // a slow node stretches its own timeouts up to 8×
        StreamTimeout = TimeSpan.FromSeconds(10),         // TCP connect + push-pull on a LAN
        ReconnectInterval = TimeSpan.FromSeconds(10),     // a healed partition is noticed within 10 s
    };

    /// <summary>WAN: memberlist's DefaultWANConfig, for members across the internet.</summary>
    public static GossipOptions Wan(string nodeName) => Lan(nodeName) with
    {
        ProbeInterval = TimeSpan.FromSeconds(5),          // internet round trips vary; probe less often
        ProbeTimeout = TimeSpan.FromSeconds(3),           // tolerate long and jittery round trips
        SuspicionMultiplier = 6,                          // more time to refute over lossy paths
        GossipInterval = TimeSpan.FromMilliseconds(500),  // less chatty on metered links
        GossipNodes = 4,                                  // larger fan-out compensates the slower interval
        GossipToTheDeadTime = TimeSpan.FromSeconds(60),   // longer to hear and refute a false death
        PushPullInterval = TimeSpan.FromSeconds(60),      // full syncs are expensive across the WAN
        StreamTimeout = TimeSpan.FromSeconds(30),         // slow TCP handshakes over long paths
        ReconnectInterval = TimeSpan.FromSeconds(30),     // matches Serf's reconnect interval
    };

    /// <summary>Local: memberlist's DefaultLocalConfig, for loopback or one host (tests).</summary>
    public static GossipOptions Local(string nodeName) => Lan(nodeName) with
    {
        ProbeTimeout = TimeSpan.FromMilliseconds(200),    // loopback answers in microseconds
        IndirectChecks = 1,                               // few members, one helper suffices
        SuspicionMultiplier = 3,                          // failures are real on loopback; detect faster
        RetransmitMultiplier = 2,                         // no loss to compensate
        GossipInterval = TimeSpan.FromMilliseconds(100),  // cheap on loopback
        GossipToTheDeadTime = TimeSpan.FromSeconds(15),   // short-lived test clusters
        PushPullInterval = TimeSpan.FromSeconds(15),      // faster anti-entropy for tests
        StreamTimeout = TimeSpan.FromSeconds(1),          // loopback connects instantly
        ReconnectInterval = TimeSpan.FromSeconds(5),      // tests of partitions finish quickly
    };

    /// <summary>Picks a preset by name: lan, wan or local (case-insensitive).</summary>
    public static GossipOptions FromPreset(string preset, string nodeName) => preset?.ToUpperInvariant() switch
    {
        "LAN" => Lan(nodeName),
        "WAN" => Wan(nodeName),
        "LOCAL" => Local(nodeName),
        _ => throw new ArgumentException($"Unknown gossip preset '{preset}' (lan, wan, local).", nameof(preset)),
    };
}
