namespace MeshAgent.Core.Api;

/// <summary>
/// A member asking for a record with its next WireGuard key (POST /v1/rotate on a hub's admission listener). The
/// proof is an HMAC only the holder of the current key (and the authority) can make: see
/// <see cref="Commands.KeyRotationProof"/>. The answer is a <see cref="JoinResponse"/>.
/// </summary>
/// <param name="Name">The member's name.</param>
/// <param name="PublicKey">Its current WireGuard public key (base64), the one in its record.</param>
/// <param name="NewPublicKey">The key it will switch to (base64).</param>
/// <param name="UnixSeconds">When the request was made; the authority accepts a few minutes of clock skew.</param>
/// <param name="Proof">Base64 HMAC-SHA256 over the other fields, keyed by the current key and the authority's key.</param>
public sealed record RotateRequest(string Name, string PublicKey, string NewPublicKey, long UnixSeconds, string Proof);
