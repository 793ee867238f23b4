using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;

namespace MeshAgent.Nat.Pcp;

/// <summary>
/// PCP client for one gateway (RFC 6887). One random nonce per mapper: refreshes and the deletion reuse it, as section
/// 11.2 requires. Replies with another nonce, malformed replies and replies to another opcode are counted in
/// <see cref="DroppedReplies"/> and dropped.
/// </summary>
public sealed class PcpPortMapper : IPortMapper
{
    // Section 8.1.1: initial retransmission time 3 s is the RFC's; on a LAN 250 ms doubling finds the server as fast
    // and the reconciler retries slowly when it never answers.
    private static readonly TimeSpan FirstRetransmit = TimeSpan.FromMilliseconds(250);
    private const int Attempts = 4;

    private readonly TimeProvider _time;
    private readonly Socket _socket;
    private readonly byte[] _nonce = RandomNumberGenerator.GetBytes(PcpCodec.NonceLength);
    private ushort _internalPort;
    private ushort _externalPort;
    private IPAddress? _externalAddress;

    /// <summary>Creates a client for <paramref name="gateway"/>; <paramref name="port"/> other than 5351 is for tests.</summary>
    public PcpPortMapper(IPAddress gateway, TimeProvider time, int port = PcpCodec.ServerPort)
        : this(gateway, time, port, null)
    {
    }

    // For tests: socketFactory opens the socket in a lab host's network namespace.
    internal PcpPortMapper(IPAddress gateway, TimeProvider time, int port, Func<AddressFamily, Socket>? socketFactory)
    {
        ArgumentNullException.ThrowIfNull(gateway);
        _time = time;
        _socket = socketFactory?.Invoke(gateway.AddressFamily) ?? new Socket(gateway.AddressFamily, SocketType.Dgram, ProtocolType.Udp);

        // Connected, so the kernel drops datagrams from anyone but the gateway and tells us our source address,
        // which PCP carries in every request (section 7.1).
        _socket.Connect(new IPEndPoint(gateway, port));
        ClientAddress = ((IPEndPoint)_socket.LocalEndPoint!).Address;
    }

    /// <inheritdoc />
    public PortMappingProtocol Protocol => PortMappingProtocol.Pcp;

    /// <summary>The address this host has towards the gateway, sent as the PCP client address.</summary>
    public IPAddress ClientAddress { get; }

    /// <summary>Replies dropped as malformed, with another nonce, or answering another request.</summary>
    public long DroppedReplies { get; private set; }

    /// <summary>The nonce of this mapper's MAP requests (for tests and diagnostics).</summary>
    public ReadOnlyMemory<byte> Nonce => _nonce;

    /// <inheritdoc />
    public async Task<bool> ProbeAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var reply = await ExchangeAsync(PcpCodec.EncodeAnnounceRequest(ClientAddress), PcpOpcode.Announce, 1, timeout, cancellationToken).ConfigureAwait(false);
        return reply is not null && reply.Result == PcpResultCode.Success;
    }

    /// <inheritdoc />
    public async Task<GatewayObservation?> ObserveAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        // ANNOUNCE carries the epoch but no address; a changed external address shows in the next MAP reply.
        var reply = await ExchangeAsync(PcpCodec.EncodeAnnounceRequest(ClientAddress), PcpOpcode.Announce, 1, timeout, cancellationToken).ConfigureAwait(false);
        return reply is not null && reply.Result == PcpResultCode.Success ? new GatewayObservation(null, reply.Epoch) : null;
    }

    /// <inheritdoc />
    public async Task<PortMapping> MapUdpAsync(ushort internalPort, TimeSpan lifetime, CancellationToken cancellationToken)
    {
        var seconds = (uint)Math.Clamp(lifetime.TotalSeconds, 1, uint.MaxValue);
        var request = PcpCodec.EncodeMapUdpRequest(_nonce, ClientAddress, internalPort, _externalPort == 0 ? internalPort : _externalPort, _externalAddress, seconds);
        var reply = await ExchangeAsync(request, PcpOpcode.Map, Attempts, FirstRetransmit, cancellationToken).ConfigureAwait(false)
            ?? throw new PortMappingException(Protocol, "map", null, "no reply from the gateway");
        if (reply.Result != PcpResultCode.Success)
        {
            throw new PortMappingException(Protocol, "map", (int)reply.Result, $"refused: {reply.Result}");
        }

        if (reply.ExternalAddress is null || reply.ExternalAddress.Equals(IPAddress.Any) || IPAddress.IsLoopback(reply.ExternalAddress))
        {
            throw new PortMappingException(Protocol, "map", (int)reply.Result, $"unusable external address {reply.ExternalAddress}");
        }

        _internalPort = internalPort;
        _externalPort = reply.ExternalPort;
        _externalAddress = reply.ExternalAddress;
        return new PortMapping(
            Protocol,
            internalPort,
            new IPEndPoint(reply.ExternalAddress, reply.ExternalPort),
            TimeSpan.FromSeconds(reply.LifetimeSeconds),
            _time.GetUtcNow(),
            reply.Epoch);
    }

    /// <inheritdoc />
    public async Task UnmapAsync(CancellationToken cancellationToken)
    {
        if (_externalPort == 0)
        {
            return;
        }

        // Section 15: a deletion is a MAP with the same nonce and lifetime 0.
        var request = PcpCodec.EncodeMapUdpRequest(_nonce, ClientAddress, _internalPort, 0, null, 0);
        var reply = await ExchangeAsync(request, PcpOpcode.Map, Attempts, FirstRetransmit, cancellationToken).ConfigureAwait(false)
            ?? throw new PortMappingException(Protocol, "unmap", null, "no reply from the gateway");
        if (reply.Result != PcpResultCode.Success)
        {
            throw new PortMappingException(Protocol, "unmap", (int)reply.Result, $"refused: {reply.Result}");
        }

        _externalPort = 0;
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        _socket.Dispose();
        return ValueTask.CompletedTask;
    }

    private async Task<PcpReply?> ExchangeAsync(byte[] request, PcpOpcode opcode, int attempts, TimeSpan firstWait, CancellationToken cancellationToken)
    {
        var wait = firstWait;
        for (var attempt = 0; attempt < attempts; attempt++)
        {
            try
            {
                await _socket.SendAsync(request, SocketFlags.None, cancellationToken).ConfigureAwait(false);
            }
            catch (SocketException)
            {
                // A refused earlier datagram (ICMP port unreachable) is reported on the next send of a connected socket.
            }

            using var deadline = new CancellationTokenSource(wait, _time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token, cancellationToken);
            var reply = await ReceiveUntilAsync(opcode, linked.Token).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            if (reply is not null)
            {
                return reply;
            }

            wait *= 2;
        }

        return null;
    }

    private async Task<PcpReply?> ReceiveUntilAsync(PcpOpcode opcode, CancellationToken deadline)
    {
        var buffer = new byte[1200];
        while (true)
        {
            int length;
            try
            {
                length = await _socket.ReceiveAsync(buffer, SocketFlags.None, deadline).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return null;
            }
            catch (SocketException)
            {
                // ICMP port unreachable from a gateway without PCP surfaces here as ConnectionRefused.
                return null;
            }

            try
            {
                var reply = PcpCodec.Decode(buffer.AsSpan(0, length));
                if (reply.Opcode == opcode && (opcode != PcpOpcode.Map || reply.Nonce.Length == 0 || reply.Nonce.AsSpan().SequenceEqual(_nonce)))
                {
                    return reply;
                }
            }
            catch (MalformedReplyException)
            {
                // Counted below with the replies to another request.
            }

            DroppedReplies++;
        }
    }
}
