using System.Net;
using System.Threading.Channels;
using MeshAgent.Core.Configuration;
using MeshAgent.Core.Mesh;
using MeshAgent.Core.Records;
using MeshAgent.Daemon.Hosting;
using MeshAgent.Gossip;
using MeshAgent.Gossip.Membership;
using MeshAgent.Gossip.Transport;
using MeshAgent.Gossip.Wire;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace MeshAgent.Daemon.Mesh;

/// <summary>
/// Runs membership gossip once this node holds its signed record: SWIM over UDP and TCP on gossip.port,
/// announcing the mesh address, so gossip between members travels inside the tunnels. Members' liveness goes
/// to <see cref="MeshState"/>; path reports to <see cref="PathReportIntake"/>; signed records and revocation lists travel as memberlist user messages (new
/// ones, passed on once by every node that takes them) and as push-pull user state (everything, for
/// anti-entropy and for joiners). Payloads that are not ours (Serf's user events) are ignored; ours that do
/// not decode are counted and dropped. Seeds are gossip.join plus every hub's mesh address; while this node is
/// alone it keeps trying them.
/// </summary>
public sealed partial class GossipService(ConfigStore config, MeshState mesh, TimeProvider time, ILoggerFactory loggers, Commands.CommandState? commands = null, PathReportIntake? pathReports = null) : BackgroundService
{
    /// <summary>Largest record bundle sent as one user message: it must fit a UDP packet with memberlist's framing.</summary>
    private const int MaxBroadcastBytes = 1000;

    /// <summary>
    /// How often a node that is alone tries its seeds. Short, because right after admission the tunnel to the
    /// hub comes up a moment after gossip starts, and every second alone delays the node's records elsewhere.
    /// </summary>
    private static readonly TimeSpan RejoinInterval = TimeSpan.FromSeconds(1);

    private readonly ILogger _logger = loggers.CreateLogger<GossipService>();
    private volatile GossipMembership? _membership;

    /// <summary>The running membership, or null before this node has its record.</summary>
    public GossipMembership? Membership => _membership;

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (commands?.HasLeft == true)
        {
            // Left by authority command: stays out of gossip until the operator removes state_dir/commands.
            Log.NotStartedAfterLeave(_logger);
            return;
        }

        var self = await WaitForOwnRecordAsync(stoppingToken);
        var gossip = config.Current.Gossip!;
        var options = GossipOptions.FromPreset(gossip.Preset.ToString(), config.Current.Node.Name) with
        {
            Keyring = gossip.KeyFile is null ? null : GossipKeyFile.Load(gossip.KeyFile),
        };
        var bind = new IPEndPoint(gossip.Bind ?? IPAddress.Any, gossip.Port);
        var transport = new SocketTransport(bind, loggers.CreateLogger<SocketTransport>(), gossip.Advertise ?? self.Record.MeshIPv4);
        var membership = new GossipMembership(options, transport, time, loggers.CreateLogger<GossipMembership>());
        membership.SetMetadata(SerfTags.Encode(new Dictionary<string, string>
        {
            ["role"] = self.Record.Role == NodeRole.Hub ? "hub" : "spoke",
            ["mesh"] = self.Record.MeshIPv4.ToString(),
        }));
        membership.LocalUserState = RecordBundle.Encode(mesh.Book.Envelopes());
        mesh.Published += OnPublished;
        _membership = membership;
        membership.Start();
        Log.Started(_logger, bind, gossip.Advertise ?? self.Record.MeshIPv4);
        try
        {
            var pump = PumpEventsAsync(membership.Events, stoppingToken);
            await KeepJoinedAsync(membership, stoppingToken);
            await pump;
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Orderly stop.
        }
        finally
        {
            mesh.Published -= OnPublished;
            await LeaveAsync(membership);
        }
    }

    private async Task<SignedRecord> WaitForOwnRecordAsync(CancellationToken stoppingToken)
    {
        var changed = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
        void Signal(string reason) => changed.Writer.TryWrite(true);
        mesh.Changed += Signal;
        try
        {
            while (true)
            {
                if (mesh.Self is { } self)
                {
                    return self;
                }

                await changed.Reader.ReadAsync(stoppingToken);
            }
        }
        finally
        {
            mesh.Changed -= Signal;
        }
    }

    private async Task KeepJoinedAsync(GossipMembership membership, CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            if (membership.LiveMembers <= 1)
            {
                var seeds = Seeds();
                if (seeds.Count > 0)
                {
                    var answered = await membership.JoinAsync(seeds);
                    Log.JoinAttempt(_logger, seeds.Count, answered);
                }
            }

            await Task.Delay(RejoinInterval, time, stoppingToken);
        }
    }

    /// <summary>gossip.join, then every hub's mesh address (from records and from the config), never this node.</summary>
    private List<IPEndPoint> Seeds()
    {
        var current = config.Current;
        var port = current.Gossip!.Port;
        var own = mesh.Self?.Record.MeshIPv4;
        var seeds = new List<IPEndPoint>();
        foreach (var entry in current.Gossip.Join)
        {
            switch (entry)
            {
                case IPEndPoint endpoint:
                    seeds.Add(endpoint);
                    break;
                case DnsEndPoint name:
                    try
                    {
                        seeds.AddRange(Dns.GetHostAddresses(name.Host).Select(a => new IPEndPoint(a, name.Port == 0 ? port : name.Port)));
                    }
                    catch (System.Net.Sockets.SocketException e)
                    {
                        // A seed that does not resolve now may later; the others are still tried.
                        Log.SeedUnresolved(_logger, name.Host, e.Message);
                    }

                    break;
            }
        }

        var hubs = mesh.Book.Records.Where(r => r.Record.Role == NodeRole.Hub).Select(r => r.Record.MeshIPv4)
            .Concat(current.Mesh?.Hubs.Select(h => h.Address) ?? []);
        seeds.AddRange(hubs.Where(a => !a.Equals(own)).Select(a => new IPEndPoint(a, port)));
        return [.. seeds.Distinct()];
    }

    private async Task PumpEventsAsync(ChannelReader<MembershipEvent> events, CancellationToken stoppingToken)
    {
        await foreach (var e in events.ReadAllAsync(stoppingToken))
        {
            switch (e.Kind)
            {
                case MembershipEventKind.Join or MembershipEventKind.Update when e.Member is { } member:
                    mesh.SetLiveness(member.Name, MemberLiveness.Alive);
                    break;
                case MembershipEventKind.Failed when e.Member is { } member:
                    mesh.SetLiveness(member.Name, MemberLiveness.Dead);
                    break;
                case MembershipEventKind.Leave when e.Member is { } member:
                    mesh.SetLiveness(member.Name, MemberLiveness.Left);
                    break;
                case MembershipEventKind.UserMessage or MembershipEventKind.UserState when e.Payload is { } payload:
                    TakePayload(payload, e.Member?.Name ?? "gossip");
                    break;
            }
        }
    }

    private void TakePayload(byte[] payload, string source)
    {
        if (PathReportCodec.IsReport(payload))
        {
            // Passed on once by every node that takes it, as records are: memberlist retransmits a broadcast only
            // a few times (4 in a small mesh), too few to reach every member by itself.
            if (pathReports?.Take(payload, source) == true)
            {
                _membership?.Broadcast(payload);
            }

            return;
        }

        if (!RecordBundle.IsBundle(payload))
        {
            return;
        }

        try
        {
            mesh.Offer(RecordBundle.Decode(payload), source);
        }
        catch (RecordFormatException e)
        {
            mesh.Metrics.MalformedPayload();
            Log.MalformedPayload(_logger, source, e.Message);
        }
    }

    /// <summary>New envelopes: refresh the push-pull state and gossip them in packet-sized bundles.</summary>
    private void OnPublished(IReadOnlyList<byte[]> envelopes)
    {
        if (_membership is not { } membership)
        {
            return;
        }

        membership.LocalUserState = RecordBundle.Encode(mesh.Book.Envelopes());
        var batch = new List<byte[]>();
        var size = 0;
        foreach (var envelope in envelopes)
        {
            if (batch.Count > 0 && size + envelope.Length + 2 > MaxBroadcastBytes)
            {
                membership.Broadcast(RecordBundle.Encode(batch));
                batch = [];
                size = 0;
            }

            batch.Add(envelope);
            size += envelope.Length + 2;
        }

        if (batch.Count > 0)
        {
            membership.Broadcast(RecordBundle.Encode(batch));
        }
    }

    private async Task LeaveAsync(GossipMembership membership)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(3));
        try
        {
            await membership.LeaveAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            // Leave is best effort: the others declare us failed instead.
        }

        await membership.DisposeAsync();
        _membership = null;
        Log.Stopped(_logger);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1813, Level = LogLevel.Warning, Message = "Gossip not started: this node left the mesh by authority command")]
        public static partial void NotStartedAfterLeave(ILogger logger);

        [LoggerMessage(EventId = 1500, Level = LogLevel.Information, Message = "Gossip on {Bind}, announcing {Advertise}")]
        public static partial void Started(ILogger logger, IPEndPoint bind, IPAddress advertise);

        [LoggerMessage(EventId = 1501, Level = LogLevel.Debug, Message = "Gossip join: {Answered} of {Seeds} seeds answered")]
        public static partial void JoinAttempt(ILogger logger, int seeds, int answered);

        [LoggerMessage(EventId = 1502, Level = LogLevel.Warning, Message = "Malformed record payload from {Source} dropped: {Reason}")]
        public static partial void MalformedPayload(ILogger logger, string source, string reason);

        [LoggerMessage(EventId = 1504, Level = LogLevel.Warning, Message = "Gossip seed {Host} does not resolve: {Reason}")]
        public static partial void SeedUnresolved(ILogger logger, string host, string reason);

        [LoggerMessage(EventId = 1503, Level = LogLevel.Information, Message = "Left the gossip")]
        public static partial void Stopped(ILogger logger);
    }
}
