using System.Net;
using System.Net.Http.Json;
using MeshAgent.Core.Api;
using MeshAgent.Daemon.Hosting;
using MeshAgent.Daemon.Mesh;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace MeshAgent.Daemon.Nat;

/// <summary>
/// Keeps this node's signed record carrying the endpoints others can reach it at: the configured endpoint, then the
/// port mapping's external endpoint while the gateway holds it. When they differ from the record's, asks the admin
/// hub to re-sign the record (<see cref="EndpointUpdateRequest"/>), over the WireGuard tunnel to the hub's mesh
/// address, which authenticates this node; the new record comes back in the answer and by gossip. Checks after every
/// mapping change and every <see cref="RecheckInterval"/>; a refused list is asked again only after
/// <see cref="RefusedRetry"/>. Not run on the admin node, which signs its own record from its config.
/// </summary>
public sealed partial class EndpointAnnouncer : BackgroundService
{
    /// <summary>How often the record is compared with the wanted endpoints without a mapping change (covers admission and lost answers).</summary>
    public static readonly TimeSpan RecheckInterval = TimeSpan.FromSeconds(10);

    /// <summary>How long a list every hub refused waits before it is asked again.</summary>
    public static readonly TimeSpan RefusedRetry = TimeSpan.FromMinutes(1);

    private readonly ConfigStore _config;
    private readonly MeshState _mesh;
    private readonly PortMappingService _portMapping;
    private readonly TimeProvider _time;
    private readonly ILogger<EndpointAnnouncer> _logger;
    private TaskCompletionSource _wake = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private string? _refused;
    private DateTimeOffset _refusedAt;

    /// <summary>Creates the announcer; it wakes on every change of <paramref name="portMapping"/>.</summary>
    public EndpointAnnouncer(ConfigStore config, MeshState mesh, PortMappingService portMapping, TimeProvider time, ILogger<EndpointAnnouncer> logger)
    {
        ArgumentNullException.ThrowIfNull(portMapping);
        _config = config;
        _mesh = mesh;
        _portMapping = portMapping;
        _time = time;
        _logger = logger;
        portMapping.Changed += _ => Volatile.Read(ref _wake).TrySetResult();
    }

    /// <summary>The endpoints this node should be reached at now, best first.</summary>
    public IReadOnlyList<IPEndPoint> Wanted()
    {
        var wanted = new List<IPEndPoint>();
        if (_config.Current.Mesh?.Endpoint is IPEndPoint configured)
        {
            wanted.Add(configured);
        }

        if (_portMapping.ExternalEndpoint is { } mapped && !wanted.Contains(mapped))
        {
            wanted.Add(mapped);
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
            await AnnounceIfNeededAsync(http, stoppingToken);
            await Task.WhenAny(wake.Task, Task.Delay(RecheckInterval, _time, stoppingToken));
            if (wake.Task.IsCompleted)
            {
                Interlocked.CompareExchange(ref _wake, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously), wake);
            }
        }
    }

    private async Task AnnounceIfNeededAsync(HttpClient http, CancellationToken stoppingToken)
    {
        if (_mesh.Self is not { } self)
        {
            return;
        }

        var wanted = Wanted();
        if (self.Record.Endpoints.SequenceEqual(wanted))
        {
            return;
        }

        var texts = wanted.Select(e => e.ToString()).ToList();
        var key = string.Join(",", texts);
        if (key == _refused && _time.GetUtcNow() - _refusedAt < RefusedRetry)
        {
            return;
        }

        var request = new EndpointUpdateRequest(self.Record.Name, texts);
        var problems = new List<string>();
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
                    Log.Announced(_logger, key.Length == 0 ? "none" : key, hub.Name);
                    _refused = null;
                    return;
                }

                problems.Add(answer?.Error is { } error ? $"{hub.Name}: {error}" : $"{hub.Name}: HTTP {(int)response.StatusCode}");
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or FormatException or System.Text.Json.JsonException)
            {
                if (stoppingToken.IsCancellationRequested)
                {
                    return;
                }

                problems.Add($"{hub.Name} ({target}) did not answer: {e.Message}");
            }
        }

        _refused = key;
        _refusedAt = _time.GetUtcNow();
        Log.NotAnnounced(_logger, key.Length == 0 ? "none" : key, problems.Count == 0 ? "no hub in mesh.hubs" : string.Join("; ", problems));
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1910, Level = LogLevel.Information, Message = "Endpoints {Endpoints} now in this node's record (signed through {Hub})")]
        public static partial void Announced(ILogger logger, string endpoints, string hub);

        [LoggerMessage(EventId = 1911, Level = LogLevel.Warning, Message = "Endpoints {Endpoints} not announced: {Problem}")]
        public static partial void NotAnnounced(ILogger logger, string endpoints, string problem);
    }
}
