using System.Net;
using System.Net.Sockets;
using System.Text;
using MeshAgent.Core.Commands;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace MeshAgent.Daemon.Commands;

/// <summary>Where the command listener binds: this node's mesh IPv4 address, on the mesh interface only.</summary>
/// <param name="Address">The mesh address from this node's signed record.</param>
/// <param name="Interface">The WireGuard interface, "wg0".</param>
public sealed record CommandBinding(IPAddress Address, string Interface);

/// <summary>
/// Receives authority commands: UDP <see cref="CommandPacket.Port"/> bound to this node's mesh address and, with
/// SO_BINDTODEVICE, to the mesh interface, so a datagram that arrives on any other interface or for any other
/// address never reaches it. Every datagram goes to <see cref="CommandProcessor"/>; the socket never sends. Until
/// the node holds its record and wg0 carries the address, it retries the bind every second.
/// </summary>
public sealed partial class CommandListener(Func<CommandBinding?> binding, CommandProcessor processor, TimeProvider time, ILogger<CommandListener> logger) : BackgroundService
{
    /// <summary>Between bind attempts while the record, the device or its address is missing.</summary>
    private static readonly TimeSpan RetryInterval = TimeSpan.FromSeconds(1);

    // linux/socket.h: SOL_SOCKET and SO_BINDTODEVICE.
    private const int SolSocket = 1;
    private const int SoBindToDevice = 25;

    /// <summary>The bound endpoint once listening (for tests and status).</summary>
    public IPEndPoint? Listening { get; private set; }

    /// <summary>Opens the socket for <paramref name="target"/>: bound to the device first, then to the address.</summary>
    /// <exception cref="SocketException">The device does not exist or the address is not (yet) on it.</exception>
    public static Socket Open(CommandBinding target)
    {
        ArgumentNullException.ThrowIfNull(target);
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            socket.SetRawSocketOption(SolSocket, SoBindToDevice, Encoding.ASCII.GetBytes(target.Interface + "\0"));
            socket.Bind(new IPEndPoint(target.Address, CommandPacket.Port));
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        string? lastProblem = null;
        while (!stoppingToken.IsCancellationRequested)
        {
            var target = binding();
            Socket? socket = null;
            try
            {
                if (target is not null)
                {
                    socket = Open(target);
                }
            }
            catch (SocketException e)
            {
                var problem = $"{target!.Address}:{CommandPacket.Port} on {target.Interface}: {e.SocketErrorCode}";
                if (problem != lastProblem)
                {
                    Log.BindFailed(logger, problem);
                    lastProblem = problem;
                }
            }

            if (socket is null)
            {
                await Task.Delay(RetryInterval, time, stoppingToken).ConfigureAwait(false);
                continue;
            }

            using (socket)
            {
                await ReceiveAsync(socket, target!, stoppingToken).ConfigureAwait(false);
            }

            if (!stoppingToken.IsCancellationRequested)
            {
                await Task.Delay(RetryInterval, time, stoppingToken).ConfigureAwait(false);
            }
        }
    }

    private async Task ReceiveAsync(Socket socket, CommandBinding target, CancellationToken stoppingToken)
    {
        Listening = (IPEndPoint)socket.LocalEndPoint!;
        Log.Listening(logger, target.Address, CommandPacket.Port, target.Interface);
        // Any UDP datagram fits, so an oversized one is seen whole and counted as wrong_size rather than truncated to 16.
        var buffer = new byte[65536];
        EndPoint any = new IPEndPoint(IPAddress.Any, 0);
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                var received = await socket.ReceiveFromAsync(buffer, SocketFlags.None, any, stoppingToken).ConfigureAwait(false);
                processor.Handle(buffer.AsSpan(0, received.ReceivedBytes), ((IPEndPoint)received.RemoteEndPoint).Address);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Orderly stop.
        }
        catch (SocketException e)
        {
            // wg0 went away under us (recreated by the reconciler): bind again.
            Log.ReceiveFailed(logger, e.SocketErrorCode.ToString());
        }
        finally
        {
            Listening = null;
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1820, Level = LogLevel.Information, Message = "Listening for authority commands on {Address}:{Port} ({Interface} only)")]
        public static partial void Listening(ILogger logger, IPAddress address, int port, string @interface);

        [LoggerMessage(EventId = 1821, Level = LogLevel.Information, Message = "Command port not bound yet ({Reason}); retrying every second")]
        public static partial void BindFailed(ILogger logger, string reason);

        [LoggerMessage(EventId = 1822, Level = LogLevel.Warning, Message = "Command socket failed ({Reason}); binding again")]
        public static partial void ReceiveFailed(ILogger logger, string reason);
    }
}
