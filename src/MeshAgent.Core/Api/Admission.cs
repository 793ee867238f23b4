namespace MeshAgent.Core.Api;

/// <summary>A node asking a hub to be admitted (POST /v1/join on the hub's underlay, TCP on the WireGuard port).</summary>
/// <param name="Name">The node's name.</param>
/// <param name="PublicKey">Its WireGuard public key (base64).</param>
/// <param name="Role">"spoke" or "hub"; a hub role needs a token that grants it.</param>
/// <param name="Endpoints">Underlay endpoints it can be reached at (host:port); empty behind NAT.</param>
/// <param name="Subnets">Prefixes it routes (its LAN bridge).</param>
/// <param name="Token">A join token, or null to wait in the authority's pending list. Secret: never logged.</param>
public sealed record JoinRequest(
    string Name,
    string PublicKey,
    string Role,
    IReadOnlyList<string> Endpoints,
    IReadOnlyList<string> Subnets,
    string? Token)
{
    /// <summary>Never prints the token.</summary>
    public override string ToString() => $"JoinRequest {{ Name = {Name}, PublicKey = {PublicKey}, Role = {Role} }}";
}

/// <summary>The hub's answer to a <see cref="JoinRequest"/>.</summary>
/// <param name="Status">"admitted", "pending" or "refused".</param>
/// <param name="Record">The node's signed record (base64 envelope) when admitted.</param>
/// <param name="Envelopes">Other signed envelopes the node needs to start (hub records, revocation list), base64.</param>
/// <param name="Error">Why refused or pending, one line.</param>
public sealed record JoinResponse(string Status, string? Record, IReadOnlyList<string> Envelopes, string? Error)
{
    /// <summary>
    /// In an answer to an endpoint update: where the hub's WireGuard sees the sender's packets come from
    /// ("address:port", the sender's NAT's outside for a spoke behind one), or null when it has no handshake yet.
    /// </summary>
    public string? ObservedEndpoint { get; init; }
}

/// <summary>A join request waiting for <c>meshctl admit</c>.</summary>
/// <param name="Name">Requested name.</param>
/// <param name="PublicKey">WireGuard public key.</param>
/// <param name="Role">Requested role.</param>
/// <param name="Endpoints">Advertised endpoints.</param>
/// <param name="Source">Underlay address the request came from.</param>
/// <param name="FirstSeen">First request (UTC).</param>
/// <param name="LastSeen">Latest request (UTC).</param>
public sealed record PendingRequest(
    string Name,
    string PublicKey,
    string Role,
    IReadOnlyList<string> Endpoints,
    string Source,
    DateTimeOffset FirstSeen,
    DateTimeOffset LastSeen);

/// <summary>Body of POST /v1/admit on the admin node's local API.</summary>
/// <param name="Name">Node name.</param>
/// <param name="PublicKey">WireGuard public key; null admits the pending request of that name.</param>
/// <param name="Address">Mesh IPv4 address; null allocates the lowest free one.</param>
/// <param name="Role">"spoke" or "hub"; null keeps the requested role (spoke by default).</param>
/// <param name="Endpoints">Endpoints; null keeps the requested ones.</param>
/// <param name="TtlSeconds">Record lifetime; null for the default.</param>
public sealed record AdmitRequest(string Name, string? PublicKey, string? Address, string? Role, IReadOnlyList<string>? Endpoints, double? TtlSeconds);

/// <summary>Body of POST /v1/revoke.</summary>
/// <param name="Name">The node to revoke.</param>
public sealed record RevokeRequest(string Name);

/// <summary>Body of POST /v1/tokens.</summary>
/// <param name="TtlSeconds">Token lifetime.</param>
/// <param name="Role">Role the token grants: "spoke" or "hub".</param>
public sealed record TokenRequest(double TtlSeconds, string Role);

/// <summary>Answer of POST /v1/tokens.</summary>
/// <param name="Token">The token text (mtk1.…). Secret.</param>
/// <param name="ExpiresAt">Expiry (UTC).</param>
public sealed record TokenResponse(string Token, DateTimeOffset ExpiresAt);

/// <summary>A one-line confirmation of the local API ("revoked spoke3").</summary>
/// <param name="Message">One line.</param>
public sealed record ApiMessage(string Message);

/// <summary>An error answer of the local API.</summary>
/// <param name="Error">One line.</param>
public sealed record ApiError(string Error);
