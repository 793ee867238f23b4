using System.Net;
using System.Net.Sockets;
using MeshAgent.Core.Commands;
using MeshAgent.Core.Genesis;
using MeshAgent.Daemon.Hosting;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace MeshAgent.Daemon.Mesh;

/// <summary>
/// Genesis on a node whose config names no hubs: listens on UDP 8090 on every address for the admin node's beacon,
/// takes the hubs of each beacon that verifies against authority.public_key and is fresh, and ignores (and counts
/// in the log, once per reason) everything else. It answers nothing, and stops once this node holds its record, so
/// that the command listener can bind the port on the mesh address.
/// </summary>
public sealed partial class BeaconListener(ConfigStore config, MeshState mesh, GenesisHubs hubs, TimeProvider time, ILogger<BeaconListener> logger) : BackgroundService
{
    /// <summary>How old (or how far ahead) a beacon's signing time may be: a few send intervals plus clock skew.</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(2);

    // Only the receive loop touches it.
    private readonly Dictionary<BeaconRejection, long> _rejected = [];

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (mesh.Self is not null)
        {
            return;
        }

        var authorityKey = Convert.FromBase64String(config.Current.Authority!.PublicKey);
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.EnableBroadcast = true;
        socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        try
        {
            socket.Bind(new IPEndPoint(IPAddress.Any, CommandPacket.Port));
        }
        catch (SocketException e)
        {
            Log.CannotListen(logger, e.Message);
            return;
        }

        Log.Listening(logger, CommandPacket.Port);
        var buffer = new byte[2048];
        while (!stoppingToken.IsCancellationRequested && mesh.Self is null)
        {
            using var wait = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            // Wake up every second to notice admission and give the port back.
            wait.CancelAfter(TimeSpan.FromSeconds(1));
            SocketReceiveFromResult received;
            try
            {
                received = await socket.ReceiveFromAsync(buffer, SocketFlags.None, new IPEndPoint(IPAddress.Any, 0), wait.Token);
            }
            catch (OperationCanceledException)
            {
                continue;
            }

            var reason = GenesisBeacon.TryOpen(buffer.AsSpan(0, received.ReceivedBytes), authorityKey, time.GetUtcNow(), MaxAge, out var beacon);
            if (reason == BeaconRejection.None)
            {
                var first = hubs.FirstHeardTimestamp is null;
                hubs.Take(beacon!, time.GetTimestamp());
                if (first)
                {
                    var from = received.RemoteEndPoint.ToString() ?? "?";
                    var named = string.Join(", ", beacon!.Hubs.Select(h => $"{h.Name} {h.Endpoint}"));
                    Log.Heard(logger, from, named);
                }

                continue;
            }

            var count = _rejected.GetValueOrDefault(reason) + 1;
            _rejected[reason] = count;
            if (count == 1)
            {
                Log.Ignored(logger, received.RemoteEndPoint.ToString() ?? "?", reason);
            }
        }

        Log.Stopped(logger);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1630, Level = LogLevel.Information, Message = "No hubs configured: listening for the Genesis beacon on UDP {Port}")]
        public static partial void Listening(ILogger logger, int port);

        [LoggerMessage(EventId = 1631, Level = LogLevel.Information, Message = "Genesis beacon from {Endpoint} verified; hubs: {Hubs}")]
        public static partial void Heard(ILogger logger, string endpoint, string hubs);

        [LoggerMessage(EventId = 1632, Level = LogLevel.Warning, Message = "Ignored a datagram from {Endpoint} on the beacon port: {Reason} (logged once per reason)")]
        public static partial void Ignored(ILogger logger, string endpoint, BeaconRejection reason);

        [LoggerMessage(EventId = 1633, Level = LogLevel.Error, Message = "Cannot listen for the Genesis beacon: {Reason}")]
        public static partial void CannotListen(ILogger logger, string reason);

        [LoggerMessage(EventId = 1634, Level = LogLevel.Information, Message = "Admitted: no longer listening for the Genesis beacon")]
        public static partial void Stopped(ILogger logger);
    }
}
