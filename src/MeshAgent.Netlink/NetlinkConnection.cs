using MeshAgent.Interop;

namespace MeshAgent.Netlink;

/// <summary>
/// A request/reply channel over one <see cref="NetlinkSocket"/>. Requests are serialised (one in flight
/// at a time, callers queue on a semaphore); each gets a fresh sequence number, and only replies with
/// that sequence and our port id are accepted — anything else is counted in
/// <see cref="DroppedMessages"/> and dropped. Errors become <see cref="NetlinkException"/>.
/// </summary>
public sealed class NetlinkConnection : IDisposable
{
    // The kernel sizes dump messages by the largest buffer we ever passed to recvmsg (capped near
    // 32 KiB); 64 KiB means a dump datagram always fits without the peek-and-grow path.
    private const int ReceiveBufferBytes = 64 * 1024;
    private const int DumpAttempts = 3;

    private readonly NetlinkSocket _socket;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private byte[] _receiveBuffer = new byte[ReceiveBufferBytes];
    private uint _sequence;
    private long _dropped;

    /// <summary>Wraps an open socket; the connection owns and disposes it.</summary>
    public NetlinkConnection(NetlinkSocket socket)
    {
        _socket = socket ?? throw new ArgumentNullException(nameof(socket));
        _sequence = (uint)Environment.TickCount;
    }

    /// <summary>Opens a socket of <paramref name="protocol"/>, optionally inside a network namespace.</summary>
    public static NetlinkConnection Open(NetlinkProtocol protocol, string? networkNamespacePath = null) =>
        new(NetlinkSocket.Open(protocol, networkNamespacePath));

    /// <summary>The underlying socket's port id.</summary>
    public uint PortId => _socket.PortId;

    /// <summary>Replies dropped because their sequence or port id did not match (stale or foreign).</summary>
    public long DroppedMessages => Interlocked.Read(ref _dropped);

    /// <summary>
    /// Sends a request that changes state (NLM_F_ACK is added) and waits for the acknowledgement.
    /// Returns any messages the kernel sent before it (e.g. NLM_F_ECHO).
    /// </summary>
    public async Task<IReadOnlyList<NetlinkMessage>> ExecuteAsync(string operation, NetlinkMessageBuilder request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Flags |= NetlinkMessageFlags.Request | NetlinkMessageFlags.Ack;
        await _gate.WaitAsync(cancellationToken);
        try
        {
            return Exchange(operation, request, dump: false);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Sends a dump request (NLM_F_DUMP is added) and returns every NLM_F_MULTI message up to
    /// NLMSG_DONE. A dump the kernel flags as interrupted (NLM_F_DUMP_INTR) is retried.
    /// </summary>
    public async Task<IReadOnlyList<NetlinkMessage>> DumpAsync(string operation, NetlinkMessageBuilder request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Flags |= NetlinkMessageFlags.Request | NetlinkMessageFlags.Dump;
        await _gate.WaitAsync(cancellationToken);
        try
        {
            for (var attempt = 1; ; attempt++)
            {
                var messages = Exchange(operation, request, dump: true);
                var interrupted = messages.Any(m => (m.Header.Flags & NetlinkMessageFlags.DumpInterrupted) != 0);
                if (!interrupted)
                {
                    return messages;
                }

                if (attempt == DumpAttempts)
                {
                    throw new NetlinkException(operation, Errno.EINTR, $"dump interrupted {DumpAttempts} times");
                }
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _socket.Dispose();
        _gate.Dispose();
    }

    private List<NetlinkMessage> Exchange(string operation, NetlinkMessageBuilder request, bool dump)
    {
        var sequence = unchecked(++_sequence);
        _socket.Send(request.ToArray(sequence, _socket.PortId), operation);
        var replies = new List<NetlinkMessage>();
        while (true)
        {
            var length = _socket.Receive(ref _receiveBuffer, operation);
            List<NetlinkMessage> messages;
            try
            {
                messages = NetlinkMessage.ParseDatagram(_receiveBuffer.AsSpan(0, length));
            }
            catch (NetlinkFormatException e)
            {
                throw new NetlinkException(operation, Errno.EIO, e.Message, e);
            }

            foreach (var message in messages)
            {
                if (message.Header.Sequence != sequence || (message.Header.PortId != _socket.PortId && message.Header.PortId != 0))
                {
                    Interlocked.Increment(ref _dropped);
                    continue;
                }

                switch (message.Header.Type)
                {
                    case NetlinkMessageType.Error:
                        var error = ParseError(operation, message, NetlinkError.Parse);
                        if (error.Errno != Errno.None)
                        {
                            throw new NetlinkException(operation, error.Errno, error.Message);
                        }

                        // An acknowledgement ends a plain request; in a dump it would be unexpected but harmless.
                        if (!dump)
                        {
                            return replies;
                        }

                        break;
                    case NetlinkMessageType.Done when dump:
                        var done = ParseError(operation, message, NetlinkError.ParseDone);
                        if (done.Errno != Errno.None)
                        {
                            throw new NetlinkException(operation, done.Errno, done.Message);
                        }

                        return replies;
                    case NetlinkMessageType.Noop:
                        break;
                    case NetlinkMessageType.Overrun:
                        throw new NetlinkException(operation, Errno.ENOBUFS, "NLMSG_OVERRUN");
                    default:
                        replies.Add(message);
                        break;
                }
            }
        }
    }

    private static NetlinkError ParseError(string operation, NetlinkMessage message, Func<NetlinkMessage, NetlinkError> parse)
    {
        try
        {
            return parse(message);
        }
        catch (NetlinkFormatException e)
        {
            throw new NetlinkException(operation, Errno.EIO, e.Message, e);
        }
    }
}
