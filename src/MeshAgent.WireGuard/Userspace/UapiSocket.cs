using System.Net.Sockets;
using System.Text;

namespace MeshAgent.WireGuard.Userspace;

/// <summary>
/// One UAPI exchange over <c>RUNDIR/IFACE.sock</c>: connect, send a request, read the reply up to its
/// terminating blank line. A missing socket or one nobody listens on (a dead wireguard-go) is
/// <see cref="WireGuardDeviceNotFoundException"/>.
/// </summary>
internal static class UapiSocket
{
    private const int MaximumReplyBytes = 256 * 1024 * 1024;

    /// <summary>The socket path of <paramref name="device"/> under <paramref name="runDirectory"/>.</summary>
    public static string PathOf(string runDirectory, string device) => Path.Combine(runDirectory, device + ".sock");

    /// <summary>Sends <paramref name="request"/> and returns the whole reply text.</summary>
    public static async Task<string> ExchangeAsync(string path, string device, string request, TimeSpan timeout,
        TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        using var socket = await ConnectAsync(path, device, cancellationToken);
        using var deadline = new CancellationTokenSource(timeout, timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        try
        {
            await socket.SendAsync(Encoding.ASCII.GetBytes(request), SocketFlags.None, linked.Token);
            var reply = new MemoryStream();
            var buffer = new byte[64 * 1024];
            while (true)
            {
                var read = await socket.ReceiveAsync(buffer, SocketFlags.None, linked.Token);
                if (read == 0)
                {
                    break;
                }

                reply.Write(buffer, 0, read);
                if (EndsWithBlankLine(reply))
                {
                    break;
                }

                if (reply.Length > MaximumReplyBytes)
                {
                    throw new WireGuardProtocolException($"UAPI reply from {device} exceeds {MaximumReplyBytes} bytes");
                }
            }

            if (reply.Length == 0)
            {
                // wireguard-go closes the connection without a word on a request it does not know.
                throw new WireGuardProtocolException($"UAPI socket of {device} closed without a reply");
            }

            return Encoding.ASCII.GetString(reply.GetBuffer(), 0, (int)reply.Length);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new WireGuardException($"UAPI request to {device} timed out after {timeout.TotalSeconds:0.#} s", ETIMEDOUT);
        }
        catch (SocketException exception)
        {
            throw new WireGuardException($"UAPI exchange with {device} failed: {exception.Message}", ErrnoOf(exception.SocketErrorCode), exception);
        }
    }

    /// <summary>True when something accepts connections on the socket of <paramref name="device"/>.</summary>
    public static async Task<bool> AnswersAsync(string path, string device, CancellationToken cancellationToken)
    {
        try
        {
            using var socket = await ConnectAsync(path, device, cancellationToken);
            return true;
        }
        catch (WireGuardDeviceNotFoundException)
        {
            return false;
        }
    }

    private const int ETIMEDOUT = 110;

    private static async Task<Socket> ConnectAsync(string path, string device, CancellationToken cancellationToken)
    {
        if (!File.Exists(path))
        {
            throw new WireGuardDeviceNotFoundException(device);
        }

        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(path), cancellationToken);
            return socket;
        }
        catch (SocketException exception) when (exception.SocketErrorCode is SocketError.ConnectionRefused
                                                     or SocketError.AddressNotAvailable)
        {
            // A socket file nobody listens on: the wireguard-go that made it is gone.
            socket.Dispose();
            throw new WireGuardDeviceNotFoundException(device);
        }
        catch (SocketException exception)
        {
            socket.Dispose();
            throw new WireGuardException($"Cannot connect to the UAPI socket of {device}: {exception.Message}", ErrnoOf(exception.SocketErrorCode), exception);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    // SocketException carries .NET's SocketError, not errno; map the ones a unix socket produces.
    private static int ErrnoOf(SocketError error) => error switch
    {
        SocketError.AccessDenied => 13,
        SocketError.ConnectionReset => 104,
        SocketError.Shutdown => 32,
        SocketError.TimedOut => ETIMEDOUT,
        SocketError.TooManyOpenSockets => 24,
        SocketError.NoBufferSpaceAvailable => 105,
        _ => 5,
    };

    private static bool EndsWithBlankLine(MemoryStream reply)
    {
        if (reply.Length < 2)
        {
            return false;
        }

        var bytes = reply.GetBuffer();
        var length = (int)reply.Length;
        return bytes[length - 1] == (byte)'\n' && bytes[length - 2] == (byte)'\n';
    }
}
