using MeshAgent.Core.Mesh;
using MeshAgent.Daemon.Hosting;
using MeshAgent.WireGuard;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace MeshAgent.Daemon.Mesh;

/// <summary>
/// Watches the direct paths of a spoke: reads the handshake times back from wg0 every
/// <see cref="PollInterval"/>, lets <see cref="DirectPathTracker"/> decide which paths work, have failed
/// (no handshake within mesh.direct_path_timeout: traffic falls back to the hub) or are due for a retry, and
/// hands changes to <see cref="MeshState"/>, which triggers a reconcile.
/// </summary>
public sealed partial class PathHealthMonitor(
    ConfigStore config,
    MeshState mesh,
    MeshDesiredStateSource source,
    IWireGuardClient wireGuard,
    TimeProvider time,
    ILogger<PathHealthMonitor> logger) : BackgroundService
{
    /// <summary>How often handshakes are read back.</summary>
    public static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);

    private readonly DirectPathTracker _tracker = new(time, config.Current.Mesh?.DirectPathTimeout ?? TimeSpan.FromSeconds(10));

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            await Task.Delay(PollInterval, time, stoppingToken);
            var candidates = source.DirectCandidates();
            if (candidates.Count == 0 && mesh.Paths.Count == 0)
            {
                continue;
            }

            var handshakes = await ReadHandshakesAsync(stoppingToken);
            if (handshakes is null)
            {
                continue;
            }

            var before = _tracker.States;
            if (_tracker.Update(candidates, handshakes))
            {
                var after = _tracker.States;
                foreach (var (key, state) in after)
                {
                    if (before.GetValueOrDefault(key) != state)
                    {
                        var member = NameOf(key);
                        Log.PathChanged(logger, member, state);
                    }
                }

                mesh.SetPaths(after);
            }
        }
    }

    private async Task<Dictionary<string, DateTimeOffset?>?> ReadHandshakesAsync(CancellationToken cancellationToken)
    {
        try
        {
            var device = await wireGuard.GetDeviceAsync(config.Current.Mesh!.Interface, cancellationToken);
            return device.Peers.ToDictionary(p => p.PublicKey.ToBase64(), p => p.LastHandshake, StringComparer.Ordinal);
        }
        catch (WireGuardException)
        {
            // No device yet (first reconcile pending) or it is being recreated: look again next time.
            return null;
        }
    }

    private string NameOf(string publicKey) =>
        mesh.Book.Records.FirstOrDefault(r => r.Record.WireGuardPublicKey == publicKey)?.Record.Name ?? publicKey;

    private static partial class Log
    {
        [LoggerMessage(EventId = 1700, Level = LogLevel.Information, Message = "Direct path to {Member}: {State}")]
        public static partial void PathChanged(ILogger logger, string member, DirectPathState state);
    }
}
