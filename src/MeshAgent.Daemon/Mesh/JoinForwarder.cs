using System.Net;
using MeshAgent.Core.Api;
using MeshAgent.Core.Authority;
using MeshAgent.Core.Records;
using MeshAgent.Daemon.Hosting;
using Microsoft.Extensions.Logging;

namespace MeshAgent.Daemon.Mesh;

/// <summary>
/// Lets a hub without the authority's key admit: join and rotation requests that reach its admission listener are
/// passed on over the mesh (to the other hubs' mesh addresses, at their WireGuard port number, through wg0) until
/// the one holding the authority answers, and its signed answer goes back unchanged — the asker verifies it against
/// authority.public_key as always, so this hub cannot forge one. A join token arrives sealed to this hub's key; it
/// is opened here and sealed again to the admin hub's key, so on the underlay it stays readable by one hub only.
/// The hub that forwards does see the token: hubs are admitted with hub tokens and trusted with the mesh's traffic.
/// </summary>
public sealed partial class JoinForwarder(ConfigStore config, MeshState mesh, Lazy<NodeIdentity> identity, ILogger<JoinForwarder> logger) : IDisposable
{
    private readonly JoinClient _client = new();

    /// <summary>Passes <paramref name="request"/> on to the admin hub; a refusal when the token is not for this hub or no hub answers.</summary>
    public async Task<JoinResponse> ForwardJoinAsync(JoinRequest request, string source, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        string? clearToken = null;
        if (request.Token is { } sealedToken)
        {
            var (privateKey, publicKey) = identity.Value.Pair;
            clearToken = SealedJoinToken.Open(sealedToken, publicKey.Bytes, privateKey.Bytes);
            if (clearToken is null)
            {
                return new JoinResponse("refused", null, [], "the token must be sealed to this hub's WireGuard public key (mesh.hubs[].public_key)");
            }
        }

        return await AskAdminAsync(
            request.Name,
            source,
            (client, admin, ct) => client.AskAsync(admin.Endpoint, request with { Token = clearToken is null ? null : SealedJoinToken.Seal(clearToken, admin.PublicKey) }, ct),
            cancellationToken);
    }

    /// <summary>Passes a rotation request on to the admin hub (the proof is for the authority; nothing to re-seal).</summary>
    public Task<JoinResponse> ForwardRotateAsync(RotateRequest request, string source, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return AskAdminAsync(request.Name, source, (client, admin, ct) => client.AskRotateAsync(admin.Endpoint, request, ct), cancellationToken);
    }

    /// <inheritdoc />
    public void Dispose() => _client.Dispose();

    private async Task<JoinResponse> AskAdminAsync(string name, string source, Func<JoinClient, OtherHub, CancellationToken, Task<JoinResponse>> ask, CancellationToken cancellationToken)
    {
        var problems = new List<string>();
        foreach (var hub in OtherHubs())
        {
            try
            {
                var answer = await ask(_client, hub, cancellationToken);
                // A hub without the key answers 409 with an error body, which reads as a response without a status.
                if (answer.Status is "admitted" or "pending" or "refused")
                {
                    Log.Forwarded(logger, name, source, hub.Name, answer.Status);
                    return answer;
                }

                problems.Add($"{hub.Name} does not hold the authority");
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or System.Text.Json.JsonException)
            {
                problems.Add($"{hub.Name} ({hub.Endpoint}) did not answer: {e.Message}");
            }
        }

        var why = problems.Count == 0 ? "this hub knows no other hub to pass the request to" : string.Join("; ", problems);
        Log.NotForwarded(logger, name, source, why);
        return new JoinResponse("refused", null, [], $"this hub does not hold the authority's key and could not reach the hub that does: {why}");
    }

    /// <summary>Every other hub with its mesh address: from verified records first (current keys), then mesh.hubs.</summary>
    private List<OtherHub> OtherHubs()
    {
        var self = config.Current.Node.Name;
        var hubs = new List<OtherHub>();
        foreach (var signed in mesh.Book.Records)
        {
            var record = signed.Record;
            if (record.Role == NodeRole.Hub && record.Name != self && record.Endpoints.Count > 0)
            {
                hubs.Add(new OtherHub(record.Name, record.WireGuardPublicKey, new IPEndPoint(record.MeshIPv4, record.Endpoints[0].Port)));
            }
        }

        foreach (var hub in config.Current.Mesh?.Hubs ?? [])
        {
            if (hub.Name != self && hubs.TrueForAll(h => h.Name != hub.Name) && hub.Endpoint is IPEndPoint endpoint)
            {
                hubs.Add(new OtherHub(hub.Name, hub.PublicKey, new IPEndPoint(hub.Address, endpoint.Port)));
            }
        }

        return hubs;
    }

    private sealed record OtherHub(string Name, string PublicKey, IPEndPoint Endpoint);

    private static partial class Log
    {
        [LoggerMessage(EventId = 1620, Level = LogLevel.Information, Message = "Passed the request of {Name} from {Source} to {Hub}: {Status}")]
        public static partial void Forwarded(ILogger logger, string name, string source, string hub, string status);

        [LoggerMessage(EventId = 1621, Level = LogLevel.Warning, Message = "Could not pass the request of {Name} from {Source} to the authority: {Reason}")]
        public static partial void NotForwarded(ILogger logger, string name, string source, string reason);
    }
}
