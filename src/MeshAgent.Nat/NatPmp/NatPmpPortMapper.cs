using System.Net;
using System.Net.Sockets;

namespace MeshAgent.Nat.NatPmp;

/// <summary>
/// NAT-PMP client for one gateway (RFC 6886). Malformed replies and replies to another
/// request are counted in <see cref="DroppedReplies"/> and dropped; waiting goes on until the request's deadline.
/// </summary>
public sealed class NatPmpPortMapper : IPortMapper
{
    // RFC 6886 section 3.1: first retransmission after 250 ms, doubling; we stop after four tries (3.75 s) rather
    // than the RFC's nine (64 s) because the reconciler retries slowly anyway.
    private static readonly TimeSpan FirstRetransmit = TimeSpan.FromMilliseconds(250);
    private const int Attempts = 4;

    private readonly TimeProvider _time;
    private readonly Socket _socket;
    private ushort _mappedPort;
    private ushort _internalPort;
    private IPAddress? _externalAddress;

    /// <summary>Creates a client for <paramref name="gateway"/>; <paramref name="port"/> other than 5351 is for tests.</summary>
    public NatPmpPortMapper(IPAddress gateway, TimeProvider time, int port = NatPmpCodec.ServerPort)
        : this(gateway, time, port, null)
    {
    }

    // For tests: socketFactory opens the socket in a lab host's network namespace.
    internal NatPmpPortMapper(IPAddress gateway, TimeProvider time, int port, Func<AddressFamily, Socket>? socketFactory)
    {
        ArgumentNullException.ThrowIfNull(gateway);
        _time = time;
        _socket = socketFactory?.Invoke(gateway.AddressFamily) ?? new Socket(gateway.AddressFamily, SocketType.Dgram, ProtocolType.Udp);

        // Connected, so the kernel drops datagrams from anyone but the gateway (RFC 6886 section 3.1 requires that).
        _socket.Connect(new IPEndPoint(gateway, port));
    }

    /// <inheritdoc />
    public PortMappingProtocol Protocol => PortMappingProtocol.NatPmp;

    /// <summary>Replies dropped as malformed, from a stranger, or not answering the request in flight.</summary>
    public long DroppedReplies { get; private set; }

    /// <summary>The gateway's external address learnt by the last probe or mapping, or null.</summary>
    public IPAddress? ExternalAddress => _externalAddress;

    /// <inheritdoc />
    public async Task<bool> ProbeAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var reply = await ExchangeAsync(NatPmpCodec.EncodeExternalAddressRequest(), NatPmpReplyKind.ExternalAddress, 1, timeout, cancellationToken).ConfigureAwait(false);
        if (reply is null || reply.Result != NatPmpResultCode.Success || !IsUsableExternal(reply.ExternalAddress))
        {
            return false;
        }

        _externalAddress = reply.ExternalAddress;
        return true;
    }

    /// <inheritdoc />
    public async Task<GatewayObservation?> ObserveAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var reply = await ExchangeAsync(NatPmpCodec.EncodeExternalAddressRequest(), NatPmpReplyKind.ExternalAddress, 1, timeout, cancellationToken).ConfigureAwait(false);
        if (reply is null || reply.Result != NatPmpResultCode.Success || !IsUsableExternal(reply.ExternalAddress))
        {
            return null;
        }

        // The next mapping reports this address: NAT-PMP's map reply carries none of its own.
        _externalAddress = reply.ExternalAddress;
        return new GatewayObservation(reply.ExternalAddress, reply.Epoch);
    }

    /// <inheritdoc />
    public async Task<PortMapping> MapUdpAsync(ushort internalPort, TimeSpan lifetime, CancellationToken cancellationToken)
    {
        if (_externalAddress is null && !await ProbeAsync(FirstRetransmit * 4, cancellationToken).ConfigureAwait(false))
        {
            throw new PortMappingException(Protocol, "external address", null, "the gateway gave no usable external address");
        }

        var seconds = (uint)Math.Clamp(lifetime.TotalSeconds, 1, uint.MaxValue);
        var request = NatPmpCodec.EncodeMapUdpRequest(internalPort, _mappedPort == 0 ? internalPort : _mappedPort, seconds);
        var reply = await ExchangeAsync(request, NatPmpReplyKind.MapUdp, Attempts, FirstRetransmit, cancellationToken).ConfigureAwait(false)
            ?? throw new PortMappingException(Protocol, "map", null, "no reply from the gateway");
        if (reply.Result != NatPmpResultCode.Success)
        {
            throw new PortMappingException(Protocol, "map", (int)reply.Result, $"refused: {reply.Result}");
        }

        _mappedPort = reply.ExternalPort;
        _internalPort = internalPort;
        return new PortMapping(
            Protocol,
            internalPort,
            new IPEndPoint(_externalAddress!, reply.ExternalPort),
            TimeSpan.FromSeconds(reply.LifetimeSeconds),
            _time.GetUtcNow(),
            reply.Epoch);
    }

    /// <inheritdoc />
    public async Task UnmapAsync(CancellationToken cancellationToken)
    {
        if (_mappedPort == 0)
        {
            return;
        }

        // Section 3.4: a deletion names the internal port, with external port and lifetime zero.
        var request = NatPmpCodec.EncodeMapUdpRequest(_internalPort, 0, 0);
        var reply = await ExchangeAsync(request, NatPmpReplyKind.MapUdp, Attempts, FirstRetransmit, cancellationToken).ConfigureAwait(false)
            ?? throw new PortMappingException(Protocol, "unmap", null, "no reply from the gateway");
        if (reply.Result != NatPmpResultCode.Success)
        {
            throw new PortMappingException(Protocol, "unmap", (int)reply.Result, $"refused: {reply.Result}");
        }

        _mappedPort = 0;
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        _socket.Dispose();
        return ValueTask.CompletedTask;
    }

    private static bool IsUsableExternal(IPAddress? address) =>
        address is not null && !address.Equals(IPAddress.Any) && !IPAddress.IsLoopback(address);

    private async Task<NatPmpReply?> ExchangeAsync(byte[] request, NatPmpReplyKind kind, int attempts, TimeSpan firstWait, CancellationToken cancellationToken)
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
            var reply = await ReceiveUntilAsync(kind, linked.Token).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            if (reply is not null)
            {
                return reply;
            }

            wait *= 2;
        }

        return null;
    }

    private async Task<NatPmpReply?> ReceiveUntilAsync(NatPmpReplyKind kind, CancellationToken deadline)
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
                // ICMP port unreachable from a gateway without NAT-PMP surfaces here as ConnectionReset.
                return null;
            }

            try
            {
                var reply = NatPmpCodec.Decode(buffer.AsSpan(0, length));
                if (reply.Kind == kind)
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
