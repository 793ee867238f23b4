using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace MeshAgent.Nat.Tests;

/// <summary>A loopback PCP server: answers ANNOUNCE and MAP, remembering each request's nonce; optionally a wrong-nonce reply first.</summary>
internal sealed class FakePcpGateway : IAsyncDisposable
{
    private readonly UdpClient _socket = new(new IPEndPoint(IPAddress.Loopback, 0));
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public FakePcpGateway(bool wrongNonceFirst)
    {
        WrongNonceFirst = wrongNonceFirst;
        _loop = Task.Run(RunAsync);
    }

    public int Port => ((IPEndPoint)_socket.Client.LocalEndPoint!).Port;

    public bool WrongNonceFirst { get; }

    /// <summary>Hex nonces of the MAP requests, in order, with their lifetimes.</summary>
    public List<(string Nonce, uint Lifetime)> MapRequests { get; } = [];

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _socket.Dispose();
        try
        {
            await _loop;
        }
        catch (OperationCanceledException)
        {
        }
        catch (ObjectDisposedException)
        {
        }

        _stop.Dispose();
    }

    private async Task RunAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var request = await _socket.ReceiveAsync(_stop.Token);
            var buffer = request.Buffer;
            var reply = new byte[buffer.Length];
            buffer.CopyTo(reply, 0);
            reply[1] |= 0x80;
            reply[2] = 0;
            reply[3] = 0;
            BinaryPrimitives.WriteUInt32BigEndian(reply.AsSpan(8), 99);
            reply.AsSpan(12, 12).Clear();
            if (buffer[1] == 1)
            {
                lock (MapRequests)
                {
                    MapRequests.Add((Convert.ToHexString(buffer, 24, 12), BinaryPrimitives.ReadUInt32BigEndian(buffer.AsSpan(4))));
                }

                BinaryPrimitives.WriteUInt16BigEndian(reply.AsSpan(24 + 18), 40000);
                IPAddress.Parse("203.0.113.9").MapToIPv6().TryWriteBytes(reply.AsSpan(24 + 20), out _);
                if (WrongNonceFirst)
                {
                    var forged = (byte[])reply.Clone();
                    forged[24] ^= 0xFF;
                    await _socket.SendAsync(forged, request.RemoteEndPoint, _stop.Token);
                }
            }

            await _socket.SendAsync(reply, request.RemoteEndPoint, _stop.Token);
        }
    }
}
