using System.Net;
using System.Net.Http.Json;
using MeshAgent.Core.Api;
using MeshAgent.Core.Records;
using MeshAgent.Daemon.Hosting;
using MeshAgent.Daemon.Mesh;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace MeshAgent.Daemon.Nat;

/// <summary>
/// Keeps this node's signed record carrying the endpoints others can reach it at: the configured endpoint, then the
/// port mapping's external endpoint while the gateway holds it, and with neither, the endpoint the hub observes its
/// packets coming from (its NAT's outside: other spokes behind NATs then add it with a keepalive at the same time
/// it adds them, so the handshakes cross and open both NATs). When they differ from the record's, asks the admin
/// hub to re-sign the record (<see cref="EndpointUpdateRequest"/>), over the WireGuard tunnel to the hub's mesh
/// address, which authenticates this node; the new record comes back in the answer and by gossip, with the observed
/// endpoint. Checks after every mapping change and every <see cref="RecheckInterval"/>; a list every hub refused is
/// asked again only after <see cref="RefusedRetry"/>. Runs on nodes with a <c>nat:</c> section, except the admin
/// node, which signs its own record from its config.
/// </summary>
public sealed partial class EndpointAnnouncer : BackgroundService
{
    /// <summary>How often the record is compared with the wanted endpoints without a mapping change (covers admission and lost answers).</summary>
    public static readonly TimeSpan RecheckInterval = TimeSpan.FromSeconds(10);

    /// <summary>How long a list every hub refused waits before it is asked again.</summary>
    public static readonly TimeSpan RefusedRetry = TimeSpan.FromMinutes(1);

    private readonly ConfigStore _config;
    private readonly MeshState _mesh;
    private readonly PortMappingService? _portMapping;
    private readonly TimeProvider _time;
    private readonly ILogger<EndpointAnnouncer> _logger;
    private TaskCompletionSource _wake = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private string? _refused;
    private DateTimeOffset _refusedAt;
    private string? _lastProblem;
    private IPEndPoint? _observed;
    private DateTimeOffset? _observedAt;

    /// <summary>Creates the announcer; it wakes on every change of <paramref name="portMapping"/> (null: no port mapping).</summary>
    public EndpointAnnouncer(ConfigStore config, MeshState mesh, TimeProvider time, ILogger<EndpointAnnouncer> logger, PortMappingService? portMapping = null)
    {
        _config = config;
        _mesh = mesh;
        _portMapping = portMapping;
        _time = time;
        _logger = logger;
        if (portMapping is not null)
        {
            portMapping.Changed += _ => Volatile.Read(ref _wake).TrySetResult();
        }
    }

    /// <summary>How often the hub is asked where it sees this node's packets come from, while that is the only endpoint.</summary>
    public static readonly TimeSpan ObservedRefresh = TimeSpan.FromSeconds(30);

    /// <summary>The endpoints this node should be reached at now, best first, each with how it was found.</summary>
    public IReadOnlyList<(IPEndPoint Endpoint, EndpointKind Kind)> Wanted()
    {
        var wanted = new List<(IPEndPoint Endpoint, EndpointKind Kind)>();
        if (_config.Current.Mesh?.Endpoint is IPEndPoint configured)
        {
            wanted.Add((configured, EndpointKind.Configured));
        }

        if (_portMapping?.ExternalEndpoint is { } mapped && !wanted.Any(w => w.Endpoint.Equals(mapped)))
        {
            wanted.Add((mapped, EndpointKind.Mapped));
        }

        // Only without a better one: a configured or mapped endpoint is reachable by anyone, an observed one only by
        // a peer that sends at the same time.
        if (wanted.Count == 0 && Volatile.Read(ref _observed) is { } observed)
        {
            wanted.Add((observed, EndpointKind.Observed));
        }

        return wanted;
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        while (!stoppingToken.IsCancellationRequested)
        {
            var wake = Volatile.Read(ref _wake);
            // A newly learnt observed endpoint changes what is wanted: ask again at once (at most once more).
            if (await AnnounceIfNeededAsync(http, stoppingToken))
            {
                await AnnounceIfNeededAsync(http, stoppingToken);
            }

            await Task.WhenAny(wake.Task, Task.Delay(RecheckInterval, _time, stoppingToken));
            if (wake.Task.IsCompleted)
            {
                Interlocked.CompareExchange(ref _wake, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously), wake);
            }
        }
    }

    /// <summary>Asks the hubs when the record lacks what is wanted (or the observed endpoint is due); true when the observed endpoint changed.</summary>
    private async Task<bool> AnnounceIfNeededAsync(HttpClient http, CancellationToken stoppingToken)
    {
        if (_mesh.Self is not { } self)
        {
            return false;
        }

        var wanted = Wanted();
        var now = _time.GetUtcNow();
        var observing = _config.Current.Mesh?.Endpoint is not IPEndPoint && _portMapping?.ExternalEndpoint is null;
        var observedDue = observing && (_observedAt is not { } at || now - at >= ObservedRefresh);
        var held = self.Record.Endpoints.Select(e => (e, self.Record.KindOf(e) ?? EndpointKind.Configured));
        if (held.SequenceEqual(wanted) && !observedDue)
        {
            return false;
        }

        var texts = wanted.Select(w => w.Endpoint.ToString()).ToList();
        var key = string.Join(",", texts);
        if (key == _refused && now - _refusedAt < RefusedRetry)
        {
            return false;
        }

        var request = new EndpointUpdateRequest(self.Record.Name, texts) { Kinds = [.. wanted.Select(w => KindText(w.Kind))] };
        var problems = new List<string>();
        var unreachable = false;
        foreach (var hub in _config.Current.Mesh?.Hubs ?? [])
        {
            var port = hub.Endpoint switch
            {
                IPEndPoint ip => ip.Port,
                DnsEndPoint dns => dns.Port,
                _ => 0,
            };
            var target = new IPEndPoint(hub.Address, port);
            try
            {
                using var response = await http.PostAsJsonAsync(new Uri($"http://{target}{ApiDefaults.EndpointsPath}"), request, ApiJsonContext.Default.EndpointUpdateRequest, stoppingToken);
                var answer = response.IsSuccessStatusCode || response.StatusCode == HttpStatusCode.Forbidden
                    ? await response.Content.ReadFromJsonAsync(ApiJsonContext.Default.JoinResponse, stoppingToken)
                    : null;
                if (answer is { Status: "updated" or "unchanged", Record: { } record })
                {
                    _mesh.Offer([Convert.FromBase64String(record)], $"hub {hub.Name}");
                    if (answer.Status == "updated")
                    {
                        Log.Announced(_logger, key.Length == 0 ? "none" : key, hub.Name);
                    }

                    _refused = null;
                    _lastProblem = null;
                    _observedAt = now;
                    var observed = IPEndPoint.TryParse(answer.ObservedEndpoint ?? string.Empty, out var seen) ? seen : null;
                    var changed = !Equals(observed, _observed);
                    Volatile.Write(ref _observed, observed);
                    return changed && observing;
                }

                problems.Add(answer?.Error is { } error ? $"{hub.Name}: {error}" : $"{hub.Name}: HTTP {(int)response.StatusCode}");
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or FormatException or System.Text.Json.JsonException)
            {
                if (stoppingToken.IsCancellationRequested)
                {
                    return false;
                }

                unreachable = true;
                problems.Add($"{hub.Name} ({target}) did not answer: {e.Message}");
            }
        }

        // A hub that did not answer (the tunnel may still be coming up) is asked again at the next check; only a
        // list that every hub answered and none took waits for RefusedRetry.
        if (!unreachable)
        {
            _refused = key;
            _refusedAt = now;
        }

        var problem = problems.Count == 0 ? "no hub in mesh.hubs" : string.Join("; ", problems);
        if (problem != _lastProblem)
        {
            _lastProblem = problem;
            Log.NotAnnounced(_logger, key.Length == 0 ? "none" : key, problem);
        }

        return false;
    }

    /// <summary>"configured", "mapped" or "observed", as <see cref="EndpointUpdateRequest.Kinds"/> spells them.</summary>
    public static string KindText(EndpointKind kind) => kind switch
    {
        EndpointKind.Mapped => "mapped",
        EndpointKind.Observed => "observed",
        _ => "configured",
    };

    private static partial class Log
    {
        [LoggerMessage(EventId = 1910, Level = LogLevel.Information, Message = "Endpoints {Endpoints} now in this node's record (signed through {Hub})")]
        public static partial void Announced(ILogger logger, string endpoints, string hub);

        [LoggerMessage(EventId = 1911, Level = LogLevel.Warning, Message = "Endpoints {Endpoints} not announced: {Problem}")]
        public static partial void NotAnnounced(ILogger logger, string endpoints, string problem);
    }
}
