using System.Net;
using MeshAgent.Gossip.Transport;
using MeshAgent.Gossip.Wire;

namespace MeshAgent.Gossip.Membership;

public sealed partial class GossipMembership : IMessageTransportHandler
{
    /// <inheritdoc/>
    void IGossipTransportHandler.OnPacket(IPEndPoint source, byte[] packet)
    {
        lock (_gate)
        {
            if (_stopped) return;
            Interlocked.Increment(ref Statistics._packetsReceived);
            Interlocked.Add(ref Statistics._bytesReceived, packet.Length);
            List<IGossipMessage> messages;
            try
            {
                messages = PacketCodec.Open(packet, _options.Keyring, _options.Label, MaxDecompressedPacket);
            }
            catch (GossipDecodeException e)
            {
                Interlocked.Increment(ref Statistics._malformedPackets);
                Log.MalformedPacket(_logger, source, e.Message);
                return;
            }
            foreach (var m in messages) Handle(m, null, source);
        }
    }

    /// <inheritdoc/>
    void IMessageTransportHandler.OnMessages(IPEndPoint source, List<WireMessage> messages)
    {
        lock (_gate)
        {
            if (_stopped) return;
            Interlocked.Increment(ref Statistics._packetsReceived);
            foreach (var m in messages) Handle(m.Message, m, source);
        }
    }

    /// <inheritdoc/>
    byte[]? IGossipTransportHandler.OnStream(IPEndPoint source, byte[] message)
    {
        lock (_gate)
        {
            if (_stopped) return null;
            Interlocked.Increment(ref Statistics._streamsReceived);
            IGossipMessage decoded;
            try
            {
                decoded = StreamCodec.Open(message, _options.Keyring, _options.Label);
            }
            catch (GossipDecodeException e)
            {
                Interlocked.Increment(ref Statistics._malformedStreams);
                Log.MalformedPacket(_logger, source, e.Message);
                return null;
            }
            return HandleStream(decoded, source) is { } reply ? SealStream(reply) : null;
        }
    }

    /// <inheritdoc/>
    IGossipMessage? IMessageTransportHandler.OnStreamMessage(IPEndPoint source, IGossipMessage message)
    {
        lock (_gate)
        {
            if (_stopped) return null;
            Interlocked.Increment(ref Statistics._streamsReceived);
            if (message is PushPullSnapshot remote)
            {
                var reply = LocalSnapshot(remote.Join);
                MergeSnapshot(remote);
                remote.Release();
                return reply;
            }
            return HandleStream(message, source);
        }
    }

    private IGossipMessage? HandleStream(IGossipMessage message, IPEndPoint source)
    {
        switch (message)
        {
            case PushPull remote:
                var reply = LocalState(remote.Join);
                Merge(remote);
                return reply;
            case Ping ping:
                return ping.Node.Length == 0 || ping.Node == Name ? new Ack(ping.SeqNo) : null;
            case StreamUserMessage user:
                OnUserPayload(user.Data, source);
                return null;
            default:
                return null;
        }
    }

    private byte[] SealStream(IGossipMessage message) =>
        StreamCodec.Seal(message, _options.EnableCompression, _options.Keyring, 1, _options.Label);

    private void Handle(IGossipMessage message, WireMessage? received, IPEndPoint source)
    {
        switch (message)
        {
            case Ping p: OnPing(p, source); break;
            case IndirectPing ip: OnIndirectPing(ip, source); break;
            case Ack a: OnAck(a); break;
            case Nack n: OnNack(n); break;
            case Alive a: OnAlive(a, received); break;
            case Suspect s: OnSuspect(s, received, source); break;
            case Dead d: OnDead(d, received); break;
            case UserPayload u: OnUserPayload(u.Data, source); break;
            default: break;
        }
    }

    /// <summary>Sends messages to one destination in one packet, filling the remaining room with queued broadcasts.</summary>
    private void SendPacket(IPEndPoint destination, byte protocolMax, List<WireMessage> messages)
    {
        int overhead = (_options.Keyring is null ? 0 : Security.GossipCrypto.Overhead) + CrcOverhead + CompoundHeaderOverhead;
        int used = 0;
        foreach (var m in messages) used += m.Length + CompoundPartOverhead;
        var extra = _broadcasts.Take(CompoundPartOverhead, _options.PacketBufferSize - overhead - used, RetransmitLimit());
        if (extra is not null) messages.AddRange(extra);
        Transmit(destination, protocolMax, messages);
    }

    private void Transmit(IPEndPoint destination, byte protocolMax, List<WireMessage> messages)
    {
        for (int start = 0; start < messages.Count; start += PacketCodec.MaxCompoundParts)
        {
            var chunk = start == 0 && messages.Count <= PacketCodec.MaxCompoundParts
                ? messages : messages.GetRange(start, Math.Min(PacketCodec.MaxCompoundParts, messages.Count - start));
            Interlocked.Increment(ref Statistics._packetsSent);
            if (_messageTransport is not null)
            {
                // Same framing as below, minus compression and encryption (message mode has neither).
                int size = chunk.Count == 1 ? chunk[0].Length : CompoundHeaderOverhead;
                if (chunk.Count > 1) foreach (var m in chunk) size += m.Length + CompoundPartOverhead;
                if (protocolMax >= 5) size += CrcOverhead;
                Interlocked.Add(ref Statistics._bytesSent, size);
                _messageTransport.SendMessages(destination, chunk, size);
                continue;
            }
            byte[] payload = chunk.Count == 1 ? chunk[0].Bytes : PacketCodec.MakeCompound(chunk.ConvertAll(m => m.Bytes));
            if (_options.EnableCompression) payload = PacketCodec.MaybeCompress(payload);
            var packet = PacketCodec.Seal(payload, crc: protocolMax >= 5, _options.Keyring, 1, _options.Label);
            Interlocked.Add(ref Statistics._bytesSent, packet.Length);
            _transport.SendPacket(destination, packet);
        }
    }

    private void GossipTick()
    {
        After(_options.GossipInterval, GossipTick);
        if (_broadcasts.Count == 0) return;
        long now = _time.GetTimestamp();
        var targets = RandomMembers(_options.GossipNodes, id =>
        {
            ref var e = ref _table[id];
            return !e.IsDeadOrLeft || (e.State == NodeState.Dead && _time.GetElapsedTime(e.StateChange, now) < _options.GossipToTheDeadTime);
        });
        int overhead = (_options.Keyring is null ? 0 : Security.GossipCrypto.Overhead) + CrcOverhead + CompoundHeaderOverhead;
        foreach (int target in targets)
        {
            var messages = _broadcasts.Take(CompoundPartOverhead, _options.PacketBufferSize - overhead, RetransmitLimit());
            if (messages is null) return;
            var info = _table[target].Info!;
            Transmit(info.EndPoint, info.ProtocolMax, messages);
        }
    }
}
