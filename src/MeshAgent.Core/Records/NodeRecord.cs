using System.Net;

namespace MeshAgent.Core.Records;

/// <summary>What a node is for in the mesh.</summary>
public enum NodeRole
{
    /// <summary>An ordinary member; reaches others through a hub until a direct path works.</summary>
    Spoke = 0,

    /// <summary>Has a static public endpoint, relays between spokes and bootstraps gossip.</summary>
    Hub = 1,

    /// <summary>
    /// A device without the agent (a phone, a laptop with a stock WireGuard app): no gossip, no endpoint. Only the
    /// hubs in <see cref="NodeRecord.ViaHubs"/> peer with it; everyone else routes to it through them.
    /// </summary>
    Client = 2,
}

/// <summary>
/// The facts the mesh authority vouches for about one node. Only a record whose signature verifies
/// (see <see cref="RecordVerifier"/>) is ever used to configure a peer: gossip can spread records but
/// cannot forge them.
/// </summary>
public sealed record NodeRecord
{
    /// <summary>The node's name: a DNS label, unique in the mesh ("hub-1").</summary>
    public required string Name { get; init; }

    /// <summary>The node's WireGuard public key, base64 as wg(8) prints it.</summary>
    public required string WireGuardPublicKey { get; init; }

    /// <summary>The node's IPv4 address inside the mesh.</summary>
    public required IPAddress MeshIPv4 { get; init; }

    /// <summary>The node's IPv6 address inside the mesh, if the mesh has IPv6.</summary>
    public IPAddress? MeshIPv6 { get; init; }

    /// <summary>Hub or spoke.</summary>
    public NodeRole Role { get; init; }

    /// <summary>Underlay endpoints others may try for a direct path, best first; may be empty (behind NAT).</summary>
    public IReadOnlyList<IPEndPoint> Endpoints { get; init; } = [];

    /// <summary>
    /// How each of <see cref="Endpoints"/> was found, by position; empty when every endpoint is configured (so such
    /// records keep their earlier encoding). See <see cref="KindOf"/>.
    /// </summary>
    public IReadOnlyList<EndpointKind> EndpointKinds { get; init; } = [];

    /// <summary>Extra prefixes this node routes into the mesh (e.g. its LAN bridge 10.10.10.0/24).</summary>
    public IReadOnlyList<IPNetwork> Subnets { get; init; } = [];

    /// <summary>For a <see cref="NodeRole.Client"/>: the hubs that peer with it, by name, preferred first. Empty for others.</summary>
    public IReadOnlyList<string> ViaHubs { get; init; } = [];

    /// <summary>Increases with every re-issue; a higher serial replaces a lower one.</summary>
    public ulong Serial { get; init; }

    /// <summary>When the authority issued it.</summary>
    public DateTimeOffset IssuedAt { get; init; }

    /// <summary>After this instant the record is no longer used.</summary>
    public DateTimeOffset ExpiresAt { get; init; }

    /// <summary>Equality by value, lists included (records compare lists by reference).</summary>
    public bool Equals(NodeRecord? other) =>
        other is not null
        && Name == other.Name
        && WireGuardPublicKey == other.WireGuardPublicKey
        && MeshIPv4.Equals(other.MeshIPv4)
        && Equals(MeshIPv6, other.MeshIPv6)
        && Role == other.Role
        && Endpoints.SequenceEqual(other.Endpoints)
        && EndpointKinds.SequenceEqual(other.EndpointKinds)
        && Subnets.SequenceEqual(other.Subnets)
        && ViaHubs.SequenceEqual(other.ViaHubs)
        && Serial == other.Serial
        && IssuedAt == other.IssuedAt
        && ExpiresAt == other.ExpiresAt;

    /// <summary>The kind of <paramref name="endpoint"/> in this record: configured unless <see cref="EndpointKinds"/> says otherwise; null when the record does not hold it.</summary>
    public EndpointKind? KindOf(System.Net.IPEndPoint? endpoint)
    {
        var index = endpoint is null ? -1 : Endpoints.ToList().IndexOf(endpoint);
        return index < 0 ? null : index < EndpointKinds.Count ? EndpointKinds[index] : EndpointKind.Configured;
    }

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Name, WireGuardPublicKey, Serial);
}
