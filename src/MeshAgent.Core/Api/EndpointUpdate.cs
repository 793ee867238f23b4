namespace MeshAgent.Core.Api;

/// <summary>
/// A node's request to the authority to re-issue its record with these underlay endpoints (configured first, then
/// the port mapping's external endpoint). Sent over the WireGuard tunnel to the admin hub's mesh address, so the
/// sender is authenticated by WireGuard's cryptokey routing: only the holder of the node's key can send from its
/// mesh address.
/// </summary>
/// <param name="Name">The sender's node name; must match the record of its mesh address.</param>
/// <param name="Endpoints">"address:port" each, best first; replaces the record's endpoints.</param>
public sealed record EndpointUpdateRequest(string Name, IReadOnlyList<string> Endpoints)
{
    /// <summary>How each endpoint was found, by position: "configured", "mapped" or "observed"; null: all configured.</summary>
    public IReadOnlyList<string>? Kinds { get; init; }
}
