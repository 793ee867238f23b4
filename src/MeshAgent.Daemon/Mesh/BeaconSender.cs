using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using MeshAgent.Core.Commands;
using MeshAgent.Core.Genesis;
using MeshAgent.Core.Records;
using MeshAgent.Daemon.Hosting;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace MeshAgent.Daemon.Mesh;

/// <summary>
/// The admin node's Genesis beacon: every <see cref="Interval"/> a fresh beacon, signed by the authority, naming the
/// hubs of the verified records (this node first), goes to the broadcast address of each IPv4 interface that is up
/// (not the loopback, not the mesh interface), UDP port 8090. It reveals only what every hub's record already
/// tells: names, keys, endpoints and mesh addresses.
/// </summary>
public sealed partial class BeaconSender(ConfigStore config, MeshState mesh, MeshAuthority authority, TimeProvider time, ILogger<BeaconSender> logger) : BackgroundService
{
    /// <summary>Pause between beacons.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(2);

    /// <summary>Beacons sent (one per interface and round).</summary>
    public long Sent { get; private set; }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp) { EnableBroadcast = true };
        string? lastProblem = null;
        while (!stoppingToken.IsCancellationRequested)
        {
            var problem = await SendRoundAsync(socket, stoppingToken);
            if (problem != lastProblem && problem is not null)
            {
                Log.NotSent(logger, problem);
            }

            lastProblem = problem;
            await Task.Delay(Interval, time, stoppingToken);
        }
    }

    private async Task<string?> SendRoundAsync(Socket socket, CancellationToken cancellationToken)
    {
        var self = config.Current.Node.Name;
        var hubs = mesh.Book.Records
            .Select(r => r.Record)
            .Where(r => r.Role == NodeRole.Hub && r.Endpoints.Count > 0)
            .OrderBy(r => r.Name == self ? 0 : 1)
            .ThenBy(r => r.Name, StringComparer.Ordinal)
            .Take(GenesisBeacon.MaxHubs)
            .Select(r => new BeaconHub(r.Name, Convert.FromBase64String(r.WireGuardPublicKey), r.Endpoints[0], r.MeshIPv4))
            .ToList();
        if (hubs.Count == 0)
        {
            return "no hub record with an endpoint yet";
        }

        var datagram = authority.SignPayload(EnvelopeKind.GenesisBeacon, new GenesisBeacon(time.GetUtcNow(), hubs).EncodePayload());
        var meshInterface = config.Current.Mesh?.Interface;
        string? problem = null;
        foreach (var broadcast in BroadcastAddresses(meshInterface))
        {
            try
            {
                await socket.SendToAsync(datagram, SocketFlags.None, new IPEndPoint(broadcast, CommandPacket.Port), cancellationToken);
                Sent++;
            }
            catch (SocketException e)
            {
                problem = $"{broadcast}: {e.Message}";
            }
        }

        return problem;
    }

    private static IEnumerable<IPAddress> BroadcastAddresses(string? meshInterface)
    {
        foreach (var nic in NetworkInterface.GetAllNetworkInterfaces())
        {
            if (nic.OperationalStatus is not (OperationalStatus.Up or OperationalStatus.Unknown) || nic.NetworkInterfaceType == NetworkInterfaceType.Loopback || nic.Name == meshInterface)
            {
                continue;
            }

            foreach (var unicast in nic.GetIPProperties().UnicastAddresses)
            {
                if (unicast.Address.AddressFamily != AddressFamily.InterNetwork || unicast.PrefixLength is 0 or >= 31)
                {
                    continue;
                }

                var address = System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(unicast.Address.GetAddressBytes());
                var host = uint.MaxValue >> unicast.PrefixLength;
                var bytes = new byte[4];
                System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(bytes, address | host);
                yield return new IPAddress(bytes);
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1640, Level = LogLevel.Warning, Message = "Genesis beacon not sent: {Reason}")]
        public static partial void NotSent(ILogger logger, string reason);
    }
}
