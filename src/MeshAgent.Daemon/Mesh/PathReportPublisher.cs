using MeshAgent.Core.Mesh;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace MeshAgent.Daemon.Mesh;

/// <summary>
/// Gossips this node's path report: its paths are read every <see cref="ReadInterval"/>; a report goes out when
/// what it reaches and how changed (peers, kinds, relays, a first handshake), at most every
/// <see cref="MinInterval"/>, and in any case every <see cref="RefreshInterval"/> with fresh ages and counters, so
/// a report lost to gossip, or a node that joined later, is repaired within that time (anti-entropy).
/// </summary>
public sealed partial class PathReportPublisher(MeshView view, GossipService gossip, MeshState mesh, PathReportMetrics metrics, string selfName, TimeProvider time, ILogger<PathReportPublisher> logger) : BackgroundService
{
    /// <summary>How often the paths are read (one device read; cheap).</summary>
    public static readonly TimeSpan ReadInterval = TimeSpan.FromSeconds(1);

    /// <summary>Least time between two reports: a flapping path must not flood the gossip.</summary>
    public static readonly TimeSpan MinInterval = TimeSpan.FromSeconds(5);

    /// <summary>Longest time between two reports; also bounds how stale another node's ages and counters get.</summary>
    public static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(30);

    /// <summary>Largest part: it must fit a gossip packet beside memberlist's framing (as record bundles do).</summary>
    public const int MaxPartBytes = 1000;

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        string? sentShape = null;
        var sentAt = DateTimeOffset.MinValue;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await Task.Delay(ReadInterval, time, stoppingToken);
                if (gossip.Membership is not { } membership || mesh.Self is null)
                {
                    continue;
                }

                var paths = await view.OwnPathsAsync(stoppingToken);
                var shape = Shape(paths);
                var now = time.GetUtcNow();
                var since = now - sentAt;
                if ((shape != sentShape && since >= MinInterval) || since >= RefreshInterval)
                {
                    foreach (var part in PathReportCodec.Encode(selfName, now, paths, MaxPartBytes))
                    {
                        membership.Broadcast(part);
                    }

                    metrics.Sent();
                    Log.Sent(logger, paths.Count, shape != sentShape ? "changed" : "refresh");
                    sentShape = shape;
                    sentAt = now;
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Orderly stop.
        }
    }

    /// <summary>What a change is: the peers, their kinds and relays, whether a handshake was seen.</summary>
    internal static string Shape(IEnumerable<PathReportEdge> paths) =>
        string.Join(";", paths.Select(p => $"{p.Peer}|{p.Kind}|{p.Via}|{p.HandshakeAgeSeconds is not null}").Order(StringComparer.Ordinal));

    private static partial class Log
    {
        [LoggerMessage(EventId = 1522, Level = LogLevel.Debug, Message = "Path report with {Paths} paths gossiped ({Why})")]
        public static partial void Sent(ILogger logger, int paths, string why);
    }
}
