using System.Net;

namespace MeshAgent.Core.Mesh;

/// <summary>How traffic to a peer's addresses travels.</summary>
public enum PathKind
{
    /// <summary>The peer is a hub: its own addresses, and for a spoke's primary hub the whole mesh prefix.</summary>
    Hub,

    /// <summary>A direct peer-to-peer tunnel with a /32 (/128), preferred by longest-prefix match.</summary>
    Direct,

    /// <summary>No peer of its own: reached through the primary hub.</summary>
    Relayed,

    /// <summary>A device without the agent, peered only by the hubs its record names; its endpoint is learned from its handshakes.</summary>
    Client,
}

/// <summary>One WireGuard peer as it should be.</summary>
/// <param name="PublicKey">Base64 public key.</param>
/// <param name="Name">The member's name (for plans and logs).</param>
/// <param name="Endpoint">Underlay endpoint to send to, or null to learn it from the peer's handshakes.</param>
/// <param name="AllowedIPs">Prefixes routed to the peer, sorted.</param>
/// <param name="PersistentKeepalive">Keepalive interval; zero for off.</param>
/// <param name="Kind">Why the peer exists.</param>
public sealed record DesiredPeer(
    string PublicKey,
    string Name,
    IPEndPoint? Endpoint,
    IReadOnlyList<IPNetwork> AllowedIPs,
    TimeSpan PersistentKeepalive,
    PathKind Kind)
{
    /// <summary>Equality by value, allowed IPs included.</summary>
    public bool Equals(DesiredPeer? other) =>
        other is not null && PublicKey == other.PublicKey && Name == other.Name && Equals(Endpoint, other.Endpoint)
        && AllowedIPs.SequenceEqual(other.AllowedIPs) && PersistentKeepalive == other.PersistentKeepalive && Kind == other.Kind;

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(PublicKey, Kind);
}

/// <summary>The WireGuard interface as it should be.</summary>
/// <param name="Name">"wg0".</param>
/// <param name="Addresses">Interface addresses with the mesh prefix length (10.10.11.5/24).</param>
/// <param name="ListenPort">UDP port.</param>
/// <param name="Mtu">MTU.</param>
/// <param name="Peers">Peers sorted by public key.</param>
public sealed record DesiredInterface(string Name, IReadOnlyList<string> Addresses, int ListenPort, int Mtu, IReadOnlyList<DesiredPeer> Peers)
{
    /// <summary>Equality by value.</summary>
    public bool Equals(DesiredInterface? other) =>
        other is not null && Name == other.Name && Addresses.SequenceEqual(other.Addresses) && ListenPort == other.ListenPort
        && Mtu == other.Mtu && Peers.SequenceEqual(other.Peers);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Name, Peers.Count);
}

/// <summary>A name the mesh DNS answers (name.mesh).</summary>
/// <param name="Name">Member name.</param>
/// <param name="Addresses">Its mesh addresses.</param>
public sealed record MeshHost(string Name, IReadOnlyList<IPAddress> Addresses)
{
    /// <summary>Equality by value.</summary>
    public bool Equals(MeshHost? other) => other is not null && Name == other.Name && Addresses.SequenceEqual(other.Addresses);

    /// <inheritdoc />
    public override int GetHashCode() => Name.GetHashCode(StringComparison.Ordinal);
}

/// <summary>
/// Everything this host should look like, computed by <see cref="DesiredStateBuilder"/> as a pure function
/// of config, records, liveness and path health. Immutable; equal inputs give equal states.
/// </summary>
/// <param name="WireGuard">The interface and its peers.</param>
/// <param name="MeshHosts">Names for the mesh domain, sorted.</param>
/// <param name="Sysctls">Kernel settings, by key.</param>
/// <param name="Relayed">Members reached through a hub (no direct peer), by name.</param>
/// <param name="Problems">Conflicts found while building (e.g. two members claiming one subnet), one line each.</param>
public sealed record DesiredState(
    DesiredInterface WireGuard,
    IReadOnlyList<MeshHost> MeshHosts,
    IReadOnlyDictionary<string, string> Sysctls,
    IReadOnlyList<string> Relayed,
    IReadOnlyList<string> Problems)
{
    /// <summary>Equality by value.</summary>
    public bool Equals(DesiredState? other) =>
        other is not null && WireGuard.Equals(other.WireGuard) && MeshHosts.SequenceEqual(other.MeshHosts)
        && Sysctls.OrderBy(p => p.Key, StringComparer.Ordinal).SequenceEqual(other.Sysctls.OrderBy(p => p.Key, StringComparer.Ordinal))
        && Relayed.SequenceEqual(other.Relayed) && Problems.SequenceEqual(other.Problems);

    /// <inheritdoc />
    public override int GetHashCode() => WireGuard.GetHashCode();
}
