using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace MeshAgent.Nat.Tests;

/// <summary>A loopback NAT-PMP gateway: answers external-address and UDP map requests, optionally with junk first.</summary>
internal sealed class FakeNatPmpGateway : IAsyncDisposable
{
    private readonly UdpClient _socket = new(new IPEndPoint(IPAddress.Loopback, 0));
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public FakeNatPmpGateway(uint epoch, bool junkFirst)
    {
        Epoch = epoch;
        JunkFirst = junkFirst;
        _loop = Task.Run(RunAsync);
    }

    public int Port => ((IPEndPoint)_socket.Client.LocalEndPoint!).Port;

    public uint Epoch { get; set; }

    public bool JunkFirst { get; }

    /// <summary>Live mappings: internal port to lifetime in seconds.</summary>
    public Dictionary<ushort, uint> Mappings { get; } = [];

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
            var reply = Answer(request.Buffer);
            if (JunkFirst)
            {
                await _socket.SendAsync(new byte[] { 0, 0x80, 0 }, request.RemoteEndPoint, _stop.Token);
                await _socket.SendAsync(new byte[600], request.RemoteEndPoint, _stop.Token);
            }

            await _socket.SendAsync(reply, request.RemoteEndPoint, _stop.Token);
        }
    }

    private byte[] Answer(byte[] request)
    {
        if (request.Length == 2 && request[1] == 0)
        {
            var reply = new byte[12];
            reply[1] = 128;
            BinaryPrimitives.WriteUInt32BigEndian(reply.AsSpan(4), Epoch);
            IPAddress.Parse("203.0.113.7").TryWriteBytes(reply.AsSpan(8), out _);
            return reply;
        }

        var internalPort = BinaryPrimitives.ReadUInt16BigEndian(request.AsSpan(4));
        var lifetime = BinaryPrimitives.ReadUInt32BigEndian(request.AsSpan(8));
        lock (Mappings)
        {
            if (lifetime == 0)
            {
                Mappings.Remove(internalPort);
            }
            else
            {
                Mappings[internalPort] = Math.Min(lifetime, 3600);
            }
        }

        var map = new byte[16];
        map[1] = 129;
        BinaryPrimitives.WriteUInt32BigEndian(map.AsSpan(4), Epoch);
        BinaryPrimitives.WriteUInt16BigEndian(map.AsSpan(8), internalPort);
        BinaryPrimitives.WriteUInt16BigEndian(map.AsSpan(10), lifetime == 0 ? (ushort)0 : (ushort)(internalPort + 1000));
        BinaryPrimitives.WriteUInt32BigEndian(map.AsSpan(12), Math.Min(lifetime, 3600));
        return map;
    }
}
