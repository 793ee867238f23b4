using System.Net;
using System.Net.Sockets;
using MeshAgent.Gossip.Wire;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace MeshAgent.Gossip.Transport;

/// <summary>
/// UDP + TCP on one port of one address (memberlist's NetTransport). Packets up to 64 KiB are received;
/// a stream carries one message each way and is closed after the reply. Thread-safe.
/// </summary>
public sealed partial class SocketTransport : IGossipTransport
{
    private const int MaxDatagram = 65536;

    private readonly Socket _udp;
    private readonly TcpListener _tcp;
    private readonly CancellationTokenSource _stop = new();
    private readonly ILogger _logger;
    private readonly TimeSpan _streamTimeout;
    private IGossipTransportHandler? _handler;
    private long _sendErrors;

    /// <summary>Binds UDP and TCP to <paramref name="bind"/> (port 0 picks a free port, the same for both).</summary>
    public SocketTransport(IPEndPoint bind, ILogger<SocketTransport>? logger = null, IPAddress? advertise = null, TimeSpan? streamTimeout = null)
    {
        ArgumentNullException.ThrowIfNull(bind);
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _streamTimeout = streamTimeout ?? TimeSpan.FromSeconds(10);
        int port = bind.Port;
        // With port 0, pick a TCP port first and retry until UDP gets the same one.
        for (int attempt = 0; ; attempt++)
        {
            var tcp = new TcpListener(bind.Address, port);
            tcp.Start();
            int chosen = ((IPEndPoint)tcp.LocalEndpoint).Port;
            var udp = new Socket(bind.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
            try
            {
                udp.Bind(new IPEndPoint(bind.Address, chosen));
                _udp = udp;
                _tcp = tcp;
                AdvertiseEndPoint = new IPEndPoint(advertise ?? bind.Address, chosen);
                break;
            }
            catch (SocketException) when (port == 0 && attempt < 10)
            {
                udp.Dispose();
                tcp.Stop();
            }
        }
        // 4 MiB receive buffer like memberlist's udpRecvBufSize: bursts of gossip are not dropped by the kernel.
        try { _udp.ReceiveBufferSize = 4 * 1024 * 1024; } catch (SocketException) { }
    }

    /// <inheritdoc/>
    public IPEndPoint AdvertiseEndPoint { get; }

    /// <summary>Packets or streams that could not be sent.</summary>
    public long SendErrors => Interlocked.Read(ref _sendErrors);

    /// <inheritdoc/>
    public void Start(IGossipTransportHandler handler)
    {
        _handler = handler ?? throw new ArgumentNullException(nameof(handler));
        _ = Task.Run(ReceivePacketsAsync);
        _ = Task.Run(AcceptStreamsAsync);
    }

    /// <inheritdoc/>
    public void SendPacket(IPEndPoint destination, byte[] packet)
    {
        try
        {
            _udp.SendTo(packet, SocketFlags.None, destination);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            Interlocked.Increment(ref _sendErrors);
            Log.SendFailed(_logger, destination, e.Message);
        }
    }

    /// <inheritdoc/>
    public void SendStream(IPEndPoint destination, byte[] message, bool expectReply, TimeSpan timeout, Action<byte[]?> onComplete)
    {
        _ = Task.Run(async () =>
        {
            byte[]? result = null;
            try
            {
                using var cts = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
                cts.CancelAfter(timeout);
                using var client = new TcpClient(destination.AddressFamily);
                await client.ConnectAsync(destination, cts.Token).ConfigureAwait(false);
                var stream = client.GetStream();
                await stream.WriteAsync(message, cts.Token).ConfigureAwait(false);
                result = expectReply ? await ReadMessageAsync(stream, cts.Token).ConfigureAwait(false) : [];
            }
            catch (Exception e) when (e is SocketException or IOException or OperationCanceledException or GossipDecodeException or ObjectDisposedException)
            {
                Interlocked.Increment(ref _sendErrors);
                Log.StreamFailed(_logger, destination, e.Message);
            }
            onComplete(result);
        });
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        _udp.Dispose();
        _tcp.Stop();
        _stop.Dispose();
    }

    private async Task ReceivePacketsAsync()
    {
        var buffer = new byte[MaxDatagram];
        EndPoint any = new IPEndPoint(_udp.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0);
        while (!_stop.IsCancellationRequested)
        {
            SocketReceiveFromResult r;
            try
            {
                r = await _udp.ReceiveFromAsync(buffer, SocketFlags.None, any, _stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) { return; }
            catch (ObjectDisposedException) { return; }
            catch (SocketException e)
            {
                // ICMP port unreachable surfaces as ConnectionReset on some stacks: keep receiving.
                Log.ReceiveFailed(_logger, e.Message);
                continue;
            }
            if (r.ReceivedBytes == 0) continue;
            try
            {
                _handler!.OnPacket((IPEndPoint)r.RemoteEndPoint, buffer.AsSpan(0, r.ReceivedBytes).ToArray());
            }
#pragma warning disable CA1031 // One bad packet must never end the receive loop; the handler's bug is logged.
            catch (Exception e)
#pragma warning restore CA1031
            {
                Log.HandlerFailed(_logger, (IPEndPoint)r.RemoteEndPoint, e);
            }
        }
    }

    private async Task AcceptStreamsAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _tcp.AcceptTcpClientAsync(_stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) { return; }
            catch (ObjectDisposedException) { return; }
            catch (SocketException e)
            {
                Log.ReceiveFailed(_logger, e.Message);
                continue;
            }
            _ = Task.Run(() => ServeStreamAsync(client));
        }
    }

    private async Task ServeStreamAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                using var cts = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
                cts.CancelAfter(_streamTimeout);
                var stream = client.GetStream();
                var message = await ReadMessageAsync(stream, cts.Token).ConfigureAwait(false);
                var reply = _handler!.OnStream((IPEndPoint)client.Client.RemoteEndPoint!, message);
                if (reply is not null) await stream.WriteAsync(reply, cts.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is SocketException or IOException or OperationCanceledException or GossipDecodeException or ObjectDisposedException)
            {
                Log.ReceiveFailed(_logger, e.Message);
            }
        }
    }

    /// <summary>Reads exactly one stream message (framing decided by <see cref="StreamCodec.TryMeasure"/>).</summary>
    internal static async Task<byte[]> ReadMessageAsync(Stream stream, CancellationToken ct)
    {
        var buffer = new byte[64 * 1024];
        int filled = 0;
        while (true)
        {
            if (filled == buffer.Length)
            {
                if (buffer.Length >= StreamCodec.MaxStreamBytes) throw new GossipDecodeException("Stream message exceeds the size limit.");
                Array.Resize(ref buffer, Math.Min(buffer.Length * 2, StreamCodec.MaxStreamBytes));
            }
            int n = await stream.ReadAsync(buffer.AsMemory(filled), ct).ConfigureAwait(false);
            if (n == 0) throw new GossipDecodeException("Stream closed before a complete message arrived.");
            filled += n;
            if (StreamCodec.TryMeasure(buffer.AsSpan(0, filled), out int length)) return buffer.AsSpan(0, length).ToArray();
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 6101, Level = LogLevel.Debug, Message = "Gossip packet to {Endpoint} not sent: {Reason}")]
        public static partial void SendFailed(ILogger logger, IPEndPoint endpoint, string reason);

        [LoggerMessage(EventId = 6102, Level = LogLevel.Debug, Message = "Gossip stream to {Endpoint} failed: {Reason}")]
        public static partial void StreamFailed(ILogger logger, IPEndPoint endpoint, string reason);

        [LoggerMessage(EventId = 6104, Level = LogLevel.Error, Message = "Gossip packet from {Endpoint} broke the handler")]
        public static partial void HandlerFailed(ILogger logger, IPEndPoint endpoint, Exception exception);

        [LoggerMessage(EventId = 6103, Level = LogLevel.Debug, Message = "Gossip receive failed: {Reason}")]
        public static partial void ReceiveFailed(ILogger logger, string reason);
    }
}
