using System.Diagnostics.Metrics;
using System.Globalization;
using System.Net;
using MeshAgent.Core.Api;
using MeshAgent.Daemon.Events;
using MeshAgent.Daemon.Hosting;
using MeshAgent.Nat;
using MeshAgent.Nat.Keeping;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace MeshAgent.Daemon.Nat;

/// <summary>
/// Keeps the WireGuard UDP port mapped on the NAT gateway while the daemon runs (<c>nat.port_mapping: auto</c> with a
/// mesh): a <see cref="PortMappingKeeper"/> over NAT-PMP, PCP and UPnP IGD, asking <c>nat.gateway</c> or else the default
/// route's gateway (read again before every probe, so a new route is followed). Each change is logged and put on the
/// event stream as <c>port_mapping_changed</c>; the mapping is deleted when the daemon stops.
/// <see cref="Status"/> and <see cref="Current"/> may be read from any thread.
/// </summary>
public sealed partial class PortMappingService : BackgroundService
{
    private readonly IPAddress? _configuredGateway;
    private readonly ushort _port;
    private readonly TimeProvider _time;
    private readonly IMeshEventPublisher _events;
    private readonly ILogger<PortMappingService> _logger;
    private readonly PortMappingKeeper _keeper;
    private readonly PortMappingMetrics _metrics;
    private readonly Func<IPAddress?> _defaultGateway;
    private readonly Func<IPAddress, IReadOnlyList<IPortMapper>> _createMappers;
    private IPAddress? _gateway;
    private bool _reportedNoRoute;

    /// <summary>Creates the service from the config at start (the port and gateway are not reloaded).</summary>
    public PortMappingService(ConfigStore config, TimeProvider time, IMeshEventPublisher events, ILogger<PortMappingService> logger, IMeterFactory? meters = null)
        : this(config, time, events, logger, meters, new PortMappingKeeperOptions(), () => DefaultRoute.ReadGateway(), null)
    {
    }

    // For tests: other pacing, another default-route source, mappers with their own sockets.
    internal PortMappingService(
        ConfigStore config,
        TimeProvider time,
        IMeshEventPublisher events,
        ILogger<PortMappingService> logger,
        IMeterFactory? meters,
        PortMappingKeeperOptions options,
        Func<IPAddress?> defaultGateway,
        Func<IPAddress, IReadOnlyList<IPortMapper>>? createMappers)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(options);
        var mesh = config.Current.Mesh ?? throw new InvalidOperationException("Port mapping maps the WireGuard port: it needs a mesh section.");
        _configuredGateway = config.Current.Nat?.Gateway;
        _port = checked((ushort)mesh.ListenPort);
        _time = time;
        _events = events;
        _logger = logger;
        _defaultGateway = defaultGateway;
        _createMappers = createMappers ?? (gateway => GatewayProbe.CreateMappers(gateway, time));
        _metrics = new PortMappingMetrics(meters, () => Current, time.GetUtcNow);
        _keeper = new PortMappingKeeper(CreateMappers, _port, options, time, _metrics);
        _keeper.Changed += OnChanged;
    }

    /// <summary>Raised after every change of the mapping, on the keeper's thread.</summary>
    public event Action<PortMappingSnapshot>? Changed;

    /// <summary>The keeper's state now.</summary>
    public PortMappingSnapshot Current => _keeper.Current;

    /// <summary>The live mapping's external endpoint, or null without one.</summary>
    public IPEndPoint? ExternalEndpoint => Current is { State: PortMappingState.Mapped, Mapping: { } mapping } ? mapping.External : null;

    /// <summary>The port-mapping part of <c>/v1/status</c>.</summary>
    public PortMappingStatus Status()
    {
        var snapshot = Current;
        var mapping = snapshot.State == PortMappingState.Mapped ? snapshot.Mapping : null;
        return new PortMappingStatus(
            StateLabel(snapshot.State),
            Volatile.Read(ref _gateway)?.ToString(),
            _port,
            mapping?.Protocol.Label(),
            mapping?.External.ToString(),
            mapping?.ExpiresAt,
            mapping?.Permanent ?? false,
            [.. snapshot.Answered.Select(p => p.Label())],
            snapshot.Problem,
            snapshot.NextAttempt);
    }

    /// <summary>"starting", "mapped", "no-gateway", "failed" or "stopped".</summary>
    public static string StateLabel(PortMappingState state) => state switch
    {
        PortMappingState.Starting => "starting",
        PortMappingState.Mapped => "mapped",
        PortMappingState.NoGateway => "no-gateway",
        PortMappingState.Failed => "failed",
        _ => "stopped",
    };

    /// <inheritdoc />
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => _keeper.RunAsync(stoppingToken);

    /// <inheritdoc />
    public override void Dispose()
    {
        _metrics.Dispose();
        base.Dispose();
    }

    private IReadOnlyList<IPortMapper> CreateMappers()
    {
        var gateway = _configuredGateway ?? _defaultGateway();
        Volatile.Write(ref _gateway, gateway);
        if (gateway is null)
        {
            // Nothing to ask: the keeper sees no answer and retries with its backoff, as for a silent gateway.
            if (!_reportedNoRoute)
            {
                _reportedNoRoute = true;
                Log.NoDefaultRoute(_logger);
            }

            return [];
        }

        _reportedNoRoute = false;
        return _createMappers(gateway);
    }

    private void OnChanged(PortMappingChange change, PortMappingSnapshot snapshot)
    {
        var detail = Describe(change, snapshot);
        var gateway = Volatile.Read(ref _gateway)?.ToString() ?? "none";
        if (snapshot.State is PortMappingState.NoGateway or PortMappingState.Failed)
        {
            Log.NotMapped(_logger, _port, gateway, detail);
        }
        else
        {
            Log.MappingChanged(_logger, _port, gateway, detail);
        }

        _events.Publish(new MeshEvent(MeshEventTypes.PortMappingChanged, Subject(_port), detail, _time.GetUtcNow()));
        Changed?.Invoke(snapshot);
    }

    /// <summary>The event's subject: the mapped port, "udp/51820".</summary>
    public static string Subject(ushort port) => string.Create(CultureInfo.InvariantCulture, $"udp/{port}");

    /// <summary>One line for the log and the event stream, e.g. "mapped by natpmp at 198.51.100.7:51820 until 2026-01-01 12:00:00Z".</summary>
    public static string Describe(PortMappingChange change, PortMappingSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var verb = change switch
        {
            PortMappingChange.Mapped => "mapped",
            PortMappingChange.Renewed => "renewed",
            PortMappingChange.GatewayRestarted => "mapped again after the gateway restarted",
            PortMappingChange.ExternalChanged => "mapped again at a new external endpoint",
            PortMappingChange.NoGateway => "not mapped",
            PortMappingChange.Failed => "lost",
            _ => "deleted",
        };
        if (snapshot.Mapping is { } m && snapshot.State == PortMappingState.Mapped)
        {
            var until = m.Permanent ? "permanent lease" : string.Create(CultureInfo.InvariantCulture, $"until {m.ExpiresAt:u}");
            return $"{verb} by {m.Protocol.Label()} at {m.External}, {until}";
        }

        return snapshot.Problem is { } problem ? $"{verb}: {problem}" : verb;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1900, Level = LogLevel.Information, Message = "Port mapping of UDP {Port} on gateway {Gateway}: {Detail}")]
        public static partial void MappingChanged(ILogger logger, ushort port, string gateway, string detail);

        [LoggerMessage(EventId = 1901, Level = LogLevel.Warning, Message = "Port mapping of UDP {Port} on gateway {Gateway}: {Detail}")]
        public static partial void NotMapped(ILogger logger, ushort port, string gateway, string detail);

        [LoggerMessage(EventId = 1902, Level = LogLevel.Warning, Message = "Port mapping: no IPv4 default route and no nat.gateway; retrying slowly")]
        public static partial void NoDefaultRoute(ILogger logger);
    }
}
