using System.Buffers.Binary;
using System.Runtime.InteropServices;
using MeshAgent.Interop;
using Libc = MeshAgent.Interop.Interop.Libc;

namespace MeshAgent.Netlink;

/// <summary>
/// A bound AF_NETLINK socket (.NET's Socket cannot open one). Blocking send/receive with a receive
/// timeout so a silent kernel can never hang a caller. Not thread-safe: <see cref="NetlinkConnection"/>
/// serialises use.
/// </summary>
public sealed class NetlinkSocket : IDisposable
{
    private const int AF_NETLINK = 16;
    private const int SOCK_RAW = 3;
    private const int SOCK_CLOEXEC = 0x80000;
    private const int SOL_SOCKET = 1;
    private const int SO_RCVBUF = 8;
    private const int SO_RCVTIMEO = 20;
    private const int SO_RCVBUFFORCE = 33;
    private const int SOL_NETLINK = 270;
    private const int NETLINK_CAP_ACK = 10;
    private const int NETLINK_EXT_ACK = 11;
    private const int MSG_PEEK = 0x2;
    private const int MSG_TRUNC = 0x20;
    private const int SockaddrNetlinkSize = 12;

    // Dumps of thousands of peers arrive faster than we parse them; a 4 MiB queue (forced where we have
    // CAP_NET_ADMIN) keeps ENOBUFS away. The kernel doubles the value for bookkeeping.
    private const int ReceiveQueueBytes = 4 << 20;

    private readonly SafeFileDescriptorHandle _handle;

    private NetlinkSocket(SafeFileDescriptorHandle handle, NetlinkProtocol protocol, uint portId)
    {
        _handle = handle;
        Protocol = protocol;
        PortId = portId;
    }

    /// <summary>The protocol this socket speaks.</summary>
    public NetlinkProtocol Protocol { get; }

    /// <summary>The port id the kernel assigned at bind (nl_pid); replies carry it.</summary>
    public uint PortId { get; }

    /// <summary>
    /// Opens and binds a socket. With <paramref name="networkNamespacePath"/> (e.g. /run/netns/NAME) the
    /// socket is created inside that network namespace (on a short-lived thread, so no other thread
    /// changes namespace) and talks to it for its whole life.
    /// </summary>
    /// <exception cref="NetlinkException">socket/bind failed, or the namespace cannot be entered.</exception>
    public static NetlinkSocket Open(NetlinkProtocol protocol, string? networkNamespacePath = null, TimeSpan? receiveTimeout = null)
    {
        var timeout = receiveTimeout ?? TimeSpan.FromSeconds(60);
        if (networkNamespacePath is null)
        {
            return OpenHere(protocol, timeout);
        }

        NetlinkSocket? result = null;
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                using (var ns = File.OpenHandle(networkNamespacePath, FileMode.Open, FileAccess.Read))
                {
                    if (Libc.SetNs(ns, Libc.CLONE_NEWNET) != 0)
                    {
                        throw new NetlinkException($"setns {networkNamespacePath}", LastErrno());
                    }
                }

                result = OpenHere(protocol, timeout);
            }
            catch (Exception e) when (e is NetlinkException or IOException or UnauthorizedAccessException)
            {
                failure = e;
            }
        });
        thread.Start();
        thread.Join();
        return result ?? throw (failure as NetlinkException ?? new NetlinkException($"open netns {networkNamespacePath}", Errno.ENOENT, failure?.Message, failure));
    }

    /// <summary>Sends one datagram (one or more messages) to the kernel.</summary>
    public unsafe void Send(ReadOnlySpan<byte> datagram, string operation)
    {
        // sockaddr_nl of the kernel: family AF_NETLINK, pid 0, groups 0.
        byte* address = stackalloc byte[SockaddrNetlinkSize];
        new Span<byte>(address, SockaddrNetlinkSize).Clear();
        BinaryPrimitives.WriteUInt16LittleEndian(new Span<byte>(address, 2), AF_NETLINK);
        fixed (byte* data = datagram)
        {
            while (true)
            {
                var sent = Libc.SendTo(_handle, data, (nuint)datagram.Length, 0, address, SockaddrNetlinkSize);
                if (sent >= 0)
                {
                    return;
                }

                var errno = LastErrno();
                if (errno != Errno.EINTR)
                {
                    throw new NetlinkException(operation, errno);
                }
            }
        }
    }

    /// <summary>
    /// Receives one datagram, growing <paramref name="buffer"/> first when the datagram is larger
    /// (MSG_PEEK|MSG_TRUNC tells its size). Returns its length.
    /// </summary>
    /// <exception cref="NetlinkException">ETIMEDOUT when nothing arrives within the receive timeout.</exception>
    public unsafe int Receive(ref byte[] buffer, string operation)
    {
        while (true)
        {
            nint length;
            fixed (byte* data = buffer)
            {
                length = Libc.RecvFrom(_handle, data, (nuint)buffer.Length, MSG_PEEK | MSG_TRUNC, null, null);
            }

            if (length < 0)
            {
                var errno = LastErrno();
                if (errno == Errno.EINTR)
                {
                    continue;
                }

                throw new NetlinkException(operation, errno == Errno.EAGAIN ? Errno.ETIMEDOUT : errno);
            }

            if (length > buffer.Length)
            {
                buffer = new byte[NetlinkHeader.Align((int)length)];
            }

            fixed (byte* data = buffer)
            {
                length = Libc.RecvFrom(_handle, data, (nuint)buffer.Length, 0, null, null);
            }

            if (length >= 0)
            {
                return (int)length;
            }

            var again = LastErrno();
            if (again != Errno.EINTR)
            {
                throw new NetlinkException(operation, again);
            }
        }
    }

    /// <inheritdoc />
    public void Dispose() => _handle.Dispose();

    private static NetlinkSocket OpenHere(NetlinkProtocol protocol, TimeSpan receiveTimeout)
    {
        var handle = Libc.Socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, (int)protocol);
        if (handle.IsInvalid)
        {
            var errno = LastErrno();
            handle.Dispose();
            throw new NetlinkException($"socket(AF_NETLINK, {protocol})", errno);
        }

        try
        {
            // Extended ack gives the kernel's reason text; capped acks keep error replies small.
            // Both are best effort: kernels before 4.12 lack them and still work.
            SetInt(handle, SOL_NETLINK, NETLINK_EXT_ACK, 1);
            SetInt(handle, SOL_NETLINK, NETLINK_CAP_ACK, 1);
            if (!SetInt(handle, SOL_SOCKET, SO_RCVBUFFORCE, ReceiveQueueBytes))
            {
                SetInt(handle, SOL_SOCKET, SO_RCVBUF, ReceiveQueueBytes);
            }

            SetTimeout(handle, receiveTimeout);
            var portId = Bind(handle);
            return new NetlinkSocket(handle, protocol, portId);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    private static unsafe uint Bind(SafeFileDescriptorHandle handle)
    {
        byte* address = stackalloc byte[SockaddrNetlinkSize];
        var span = new Span<byte>(address, SockaddrNetlinkSize);
        span.Clear();
        BinaryPrimitives.WriteUInt16LittleEndian(span, AF_NETLINK);
        if (Libc.Bind(handle, address, SockaddrNetlinkSize) != 0)
        {
            throw new NetlinkException("bind(AF_NETLINK)", LastErrno());
        }

        uint length = SockaddrNetlinkSize;
        if (Libc.GetSockName(handle, address, &length) != 0)
        {
            throw new NetlinkException("getsockname(AF_NETLINK)", LastErrno());
        }

        return BinaryPrimitives.ReadUInt32LittleEndian(span[4..]);
    }

    private static unsafe bool SetInt(SafeFileDescriptorHandle handle, int level, int option, int value) =>
        Libc.SetSockOpt(handle, level, option, &value, sizeof(int)) == 0;

    private static unsafe void SetTimeout(SafeFileDescriptorHandle handle, TimeSpan timeout)
    {
        // struct timeval { long tv_sec; long tv_usec; } on LP64.
        var micros = (long)(timeout.TotalMicroseconds);
        long* timeval = stackalloc long[2];
        timeval[0] = micros / 1_000_000;
        timeval[1] = micros % 1_000_000;
        if (Libc.SetSockOpt(handle, SOL_SOCKET, SO_RCVTIMEO, timeval, 16) != 0)
        {
            throw new NetlinkException("setsockopt(SO_RCVTIMEO)", LastErrno());
        }
    }

    private static Errno LastErrno() => (Errno)Marshal.GetLastPInvokeError();
}
