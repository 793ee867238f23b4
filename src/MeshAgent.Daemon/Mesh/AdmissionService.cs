using System.Net;
using MeshAgent.Core.Api;
using MeshAgent.Core.Authority;
using MeshAgent.Core.Configuration;
using MeshAgent.Daemon.Hosting;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace MeshAgent.Daemon.Mesh;

/// <summary>
/// Gets this node admitted when it has no signed record: asks the hubs of its config in turn, with the join
/// token if the config has one, otherwise to wait in the authority's pending list, and asks again every few
/// seconds until a record comes back. The record and the envelopes that come with it go to
/// <see cref="MeshState"/>. Does nothing on the authority's own node (it signs its own record).
/// </summary>
public sealed partial class AdmissionService(ConfigStore config, MeshState mesh, Lazy<NodeIdentity> identity, TimeProvider time, ILogger<AdmissionService> logger, GenesisHubs? genesis = null)
    : BackgroundService
{
    /// <summary>Pause between requests while pending or while no hub answers.</summary>
    public static readonly TimeSpan RetryInterval = TimeSpan.FromSeconds(3);

    private volatile string _state = "not started";

    /// <summary>What admission waits for, one line; "admitted" once this node holds its record.</summary>
    public string State => mesh.Self is not null ? "admitted" : _state;

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var client = new JoinClient();
        while (!stoppingToken.IsCancellationRequested)
        {
            if (mesh.Self is null)
            {
                await AskHubsAsync(client, stoppingToken);
            }

            var retry = Task.Delay(RetryInterval, time, stoppingToken);
            // A node waiting for its hubs asks as soon as the first Genesis beacon names them.
            await (genesis is { FirstHeard.IsCompleted: false } ? Task.WhenAny(retry, genesis.FirstHeard) : retry);
            stoppingToken.ThrowIfCancellationRequested();
        }
    }

    private async Task AskHubsAsync(JoinClient client, CancellationToken stoppingToken)
    {
        var current = config.Current;
        var meshConfig = current.Mesh!;
        var template = new JoinRequest(
            current.Node.Name,
            identity.Value.PublicKey.ToBase64(),
            meshConfig.Role == MeshRole.Hub ? "hub" : "spoke",
            meshConfig.Endpoint is IPEndPoint endpoint ? [endpoint.ToString()] : [],
            current.Vrb?.Lan?.Address is { } lan ? [lan.Network.ToString()] : [],
            current.Join?.Token);
        var problems = new List<string>();
        foreach (var hub in HubsToAsk(meshConfig))
        {
            if (hub.Endpoint is not IPEndPoint hubEndpoint)
            {
                continue;
            }

            try
            {
                // The token is sealed to this hub's WireGuard key: only that hub can read it off the underlay.
                var request = template with { Token = template.Token is { } token ? SealedJoinToken.Seal(token, hub.PublicKey) : null };
                var answer = await client.AskAsync(hubEndpoint, request, stoppingToken);
                switch (answer.Status)
                {
                    case "admitted" when answer.Record is not null:
                        mesh.Offer([.. answer.Envelopes.Select(Convert.FromBase64String), Convert.FromBase64String(answer.Record)], $"hub {hub.Name}");
                        if (mesh.Self is not null)
                        {
                            Log.Admitted(logger, hub.Name);
                            if (genesis?.FirstHeardTimestamp is { } heard)
                            {
                                var milliseconds = time.GetElapsedTime(heard).TotalMilliseconds;
                                Log.AdmittedAfterBeacon(logger, milliseconds);
                            }

                            return;
                        }

                        problems.Add($"{hub.Name} sent a record that does not verify with authority.public_key");
                        break;
                    case "pending":
                        problems.Add($"pending at {hub.Name}: {answer.Error}");
                        break;
                    default:
                        problems.Add($"refused by {hub.Name}: {answer.Error}");
                        break;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or FormatException or System.Text.Json.JsonException)
            {
                problems.Add($"{hub.Name} ({hubEndpoint}) did not answer: {e.Message}");
            }
        }

        var state = problems.Count == 0
            ? meshConfig.Hubs.Count == 0 ? "no hubs configured: waiting for the Genesis beacon on UDP 8090" : "no hub with an IP endpoint in mesh.hubs to ask"
            : string.Join("; ", problems);
        if (state != _state)
        {
            Log.Waiting(logger, state);
        }

        _state = state;
    }

    // mesh.hubs when the config has them; otherwise the hubs of the newest verified Genesis beacon.
    private IEnumerable<MeshHub> HubsToAsk(MeshConfig meshConfig) =>
        meshConfig.Hubs.Count > 0 || genesis is null
            ? meshConfig.Hubs
            : genesis.Hubs.Select(h => new MeshHub { Name = h.Name, PublicKey = Convert.ToBase64String(h.PublicKey), Endpoint = h.Endpoint, Address = h.MeshIPv4 });

    private static partial class Log
    {
        [LoggerMessage(EventId = 1600, Level = LogLevel.Information, Message = "Admitted to the mesh by {Hub}")]
        public static partial void Admitted(ILogger logger, string hub);

        [LoggerMessage(EventId = 1602, Level = LogLevel.Information, Message = "Admitted {Milliseconds:0} ms after the first Genesis beacon")]
        public static partial void AdmittedAfterBeacon(ILogger logger, double milliseconds);

        [LoggerMessage(EventId = 1601, Level = LogLevel.Warning, Message = "Not admitted yet: {State}")]
        public static partial void Waiting(ILogger logger, string state);
    }
}
