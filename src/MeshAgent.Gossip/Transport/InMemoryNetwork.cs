using System.Net;
using MeshAgent.Gossip.Membership;
using MeshAgent.Gossip.Wire;

namespace MeshAgent.Gossip.Transport;

/// <summary>
/// A simulated network on a <see cref="VirtualTimeProvider"/>: packets are delivered after a latency, lost
/// with a probability, and dropped between partitioned groups; streams are delivered unless partitioned or
/// the endpoint is down. Loss and jitter come from a seeded <see cref="Random"/>, so runs are reproducible.
/// Single-threaded (driven by the clock).
/// </summary>
public sealed class InMemoryNetwork
{
    private readonly Dictionary<IPEndPoint, Endpoint> _endpoints = [];
    private readonly Dictionary<IPEndPoint, int> _group = [];
    private readonly Random _random;

    /// <summary>Creates a network on <paramref name="clock"/> with randomness from <paramref name="seed"/>.</summary>
    public InMemoryNetwork(VirtualTimeProvider clock, int seed)
    {
        Clock = clock ?? throw new ArgumentNullException(nameof(clock));
        _random = new Random(seed);
    }

    /// <summary>The clock deliveries are scheduled on.</summary>
    public VirtualTimeProvider Clock { get; }

    /// <summary>One-way delay of a packet or stream segment (default 1 ms).</summary>
    public TimeSpan Latency { get; set; } = TimeSpan.FromMilliseconds(1);

    /// <summary>Uniform extra delay in [0, Jitter).</summary>
    public TimeSpan Jitter { get; set; } = TimeSpan.Zero;

    /// <summary>Probability in [0, 1] that a packet is lost (streams are reliable, like TCP).</summary>
    public double PacketLoss { get; set; }

    /// <summary>
    /// Message mode (the simulator): members hand over decoded messages instead of sealed bytes, so nothing is
    /// encoded, compressed or decoded per hop. Byte counts are then the uncompressed wire sizes. Off by default,
    /// so tests over this network exercise the real codec. Set before members start.
    /// </summary>
    public bool CarryMessages { get; set; }

    /// <summary>Packets handed to the network.</summary>
    public long PacketsSent { get; private set; }

    /// <summary>Bytes of packets handed to the network.</summary>
    public long BytesSent { get; private set; }

    /// <summary>Streams opened.</summary>
    public long StreamsOpened { get; private set; }

    /// <summary>Bytes written on streams (both directions).</summary>
    public long StreamBytes { get; private set; }

    /// <summary>Creates an endpoint (a node's transport) at <paramref name="address"/>.</summary>
    public IGossipTransport CreateTransport(IPEndPoint address)
    {
        var e = new Endpoint(this, address);
        _endpoints[address] = e;
        return e;
    }

    /// <summary>Takes an endpoint down (crash) or brings it back; a down endpoint neither sends nor receives.</summary>
    public void SetDown(IPEndPoint address, bool down)
    {
        if (_endpoints.TryGetValue(address, out var e)) e.Down = down;
    }

    /// <summary>Splits the network: endpoints in different groups cannot talk. Unlisted endpoints are group 0.</summary>
    public void Partition(IEnumerable<IEnumerable<IPEndPoint>> groups)
    {
        ArgumentNullException.ThrowIfNull(groups);
        _group.Clear();
        int g = 1;
        foreach (var group in groups)
        {
            foreach (var a in group) _group[a] = g;
            g++;
        }
    }

    /// <summary>Removes every partition.</summary>
    public void Heal() => _group.Clear();

    private bool Reachable(IPEndPoint a, IPEndPoint b) =>
        _group.GetValueOrDefault(a) == _group.GetValueOrDefault(b);

    private TimeSpan Delay() =>
        Jitter > TimeSpan.Zero ? Latency + TimeSpan.FromTicks((long)(_random.NextDouble() * Jitter.Ticks)) : Latency;

    private sealed class Endpoint(InMemoryNetwork network, IPEndPoint address) : IGossipTransport, IMessageTransport
    {
        private static readonly Ack Written = new(0);
        private IGossipTransportHandler? _handler;

        public bool CarriesMessages => network.CarryMessages;

        public void SendMessages(IPEndPoint destination, List<WireMessage> messages, int wireBytes)
        {
            if (Down) return;
            network.PacketsSent++;
            network.BytesSent += wireBytes;
            if (network.PacketLoss > 0 && network._random.NextDouble() < network.PacketLoss) return;
            if (!network.Reachable(address, destination)) return;
            if (!network._endpoints.TryGetValue(destination, out var target)) return;
            network.Clock.Schedule(network.Delay(), () =>
            {
                if (!target.Down && target._handler is IMessageTransportHandler h) h.OnMessages(address, messages);
            });
        }

        public void SendStreamMessage(IPEndPoint destination, IGossipMessage message, bool expectReply, TimeSpan timeout, Action<IGossipMessage?> onComplete)
        {
            if (Down) return;
            network.StreamsOpened++;
            if (!network.Reachable(address, destination) || !network._endpoints.TryGetValue(destination, out var target) || target.Down)
            {
                // Like a TCP connect that fails: nothing is written. A pooled push-pull snapshot is freed now
                // rather than after the timeout (retries of dead members would otherwise hold thousands).
                (message as PushPullSnapshot)?.Release();
                network.Clock.Schedule(timeout, () => onComplete(null));
                return;
            }
            network.StreamBytes += WireLength(message);
            var delay = network.Delay();
            network.Clock.Schedule(delay, () =>
            {
                if (target.Down || target._handler is not IMessageTransportHandler h || !network.Reachable(address, destination))
                {
                    (message as PushPullSnapshot)?.Release();
                    network.Clock.Schedule(timeout - delay, () => onComplete(null));
                    return;
                }
                var reply = h.OnStreamMessage(address, message);
                if (reply is not null) network.StreamBytes += WireLength(reply);
                network.Clock.Schedule(network.Delay(), () =>
                {
                    if (Down) return;
                    onComplete(expectReply ? reply : Written);
                });
            });
        }

        private static int WireLength(IGossipMessage message) =>
            message switch
            {
                PushPull p => p.EncodedLength,
                PushPullSnapshot s => s.EncodedLength,
                _ => MessageCodec.Encode(message).Length,
            };

        public bool Down { get; set; }

        public IPEndPoint AdvertiseEndPoint => address;

        public void Start(IGossipTransportHandler handler) => _handler = handler;

        public void SendPacket(IPEndPoint destination, byte[] packet)
        {
            if (Down) return;
            network.PacketsSent++;
            network.BytesSent += packet.Length;
            if (network.PacketLoss > 0 && network._random.NextDouble() < network.PacketLoss) return;
            if (!network.Reachable(address, destination)) return;
            if (!network._endpoints.TryGetValue(destination, out var target)) return;
            network.Clock.Schedule(network.Delay(), () =>
            {
                if (!target.Down && target._handler is not null) target._handler.OnPacket(address, packet);
            });
        }

        public void SendStream(IPEndPoint destination, byte[] message, bool expectReply, TimeSpan timeout, Action<byte[]?> onComplete)
        {
            if (Down) return;
            network.StreamsOpened++;
            network.StreamBytes += message.Length;
            if (!network.Reachable(address, destination) || !network._endpoints.TryGetValue(destination, out var target) || target.Down)
            {
                network.Clock.Schedule(timeout, () => onComplete(null));
                return;
            }
            var delay = network.Delay();
            network.Clock.Schedule(delay, () =>
            {
                if (target.Down || target._handler is null || !network.Reachable(address, destination))
                {
                    network.Clock.Schedule(timeout - delay, () => onComplete(null));
                    return;
                }
                var reply = target._handler.OnStream(address, message);
                if (reply is not null) network.StreamBytes += reply.Length;
                network.Clock.Schedule(network.Delay(), () =>
                {
                    if (Down) return;
                    onComplete(expectReply ? reply : []);
                });
            });
        }

        public ValueTask DisposeAsync()
        {
            Down = true;
            network._endpoints.Remove(address);
            return ValueTask.CompletedTask;
        }
    }
}
