using System.Net;
using MeshAgent.WireGuard;

namespace MeshAgent.Daemon.Nat;

/// <summary>
/// Where this node's WireGuard last saw a peer's packets come from (<c>wg show endpoints</c>): for a spoke behind a
/// NAT, the outside of its NAT. A hub tells each spoke its own, so spokes can try a direct path through their NATs.
/// </summary>
public static class ObservedEndpoints
{
    /// <summary>The endpoint of the peer with <paramref name="publicKey"/> on <paramref name="device"/>, or null (no such peer, no packet yet, no device).</summary>
    public static async Task<IPEndPoint?> OfAsync(IWireGuardClient wireGuard, string device, string publicKey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(wireGuard);
        try
        {
            var read = await wireGuard.GetDeviceAsync(device, cancellationToken);
            return read.Peers.FirstOrDefault(p => p.PublicKey.ToBase64() == publicKey)?.Endpoint;
        }
        catch (WireGuardException)
        {
            return null;
        }
    }
}
