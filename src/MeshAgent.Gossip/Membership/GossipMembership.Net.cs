using System.Net;
using MeshAgent.Gossip.Transport;
using MeshAgent.Gossip.Wire;

namespace MeshAgent.Gossip.Membership;

public sealed partial class GossipMembership
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
            foreach (var m in messages) Handle(m, source);
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
            switch (decoded)
            {
                case PushPull remote:
                    var reply = SealStream(LocalState(remote.Join));
                    Merge(remote);
                    return reply;
                case Ping ping:
                    return ping.Node.Length == 0 || ping.Node == _self.Name ? SealStream(new Ack(ping.SeqNo)) : null;
                case StreamUserMessage user:
                    OnUserPayload(user.Data, source);
                    return null;
                default:
                    return null;
            }
        }
    }

    private byte[] SealStream(IGossipMessage message) =>
        StreamCodec.Seal(message, _options.EnableCompression, _options.Keyring, 1, _options.Label);

    private void Handle(IGossipMessage message, IPEndPoint source)
    {
        switch (message)
        {
            case Ping p: OnPing(p, source); break;
            case IndirectPing ip: OnIndirectPing(ip, source); break;
            case Ack a: OnAck(a); break;
            case Nack n: OnNack(n); break;
            case Alive a: OnAlive(a); break;
            case Suspect s: OnSuspect(s); break;
            case Dead d: OnDead(d); break;
            case UserPayload u: OnUserPayload(u.Data, source); break;
            default: break;
        }
    }

    /// <summary>Sends messages to one destination in one packet, filling the remaining room with queued broadcasts.</summary>
    private void SendPacket(IPEndPoint destination, byte protocolMax, List<byte[]> messages)
    {
        int overhead = (_options.Keyring is null ? 0 : Security.GossipCrypto.Overhead) + CrcOverhead + CompoundHeaderOverhead;
        int used = messages.Sum(m => m.Length + CompoundPartOverhead);
        var extra = _broadcasts.Take(CompoundPartOverhead, _options.PacketBufferSize - overhead - used, RetransmitLimit());
        if (extra is not null) messages.AddRange(extra);
        Transmit(destination, protocolMax, messages);
    }

    private void Transmit(IPEndPoint destination, byte protocolMax, List<byte[]> messages)
    {
        for (int start = 0; start < messages.Count; start += PacketCodec.MaxCompoundParts)
        {
            var chunk = messages.GetRange(start, Math.Min(PacketCodec.MaxCompoundParts, messages.Count - start));
            byte[] payload = chunk.Count == 1 ? chunk[0] : PacketCodec.MakeCompound(chunk);
            if (_options.EnableCompression) payload = PacketCodec.MaybeCompress(payload);
            var packet = PacketCodec.Seal(payload, crc: protocolMax >= 5, _options.Keyring, 1, _options.Label);
            Interlocked.Increment(ref Statistics._packetsSent);
            Interlocked.Add(ref Statistics._bytesSent, packet.Length);
            _transport.SendPacket(destination, packet);
        }
    }

    private void GossipTick()
    {
        After(_options.GossipInterval, GossipTick);
        if (_broadcasts.Count == 0) return;
        long now = _time.GetTimestamp();
        var targets = RandomMembers(_options.GossipNodes, m =>
            !m.IsDeadOrLeft || _time.GetElapsedTime(m.StateChangeTimestamp, now) < _options.GossipToTheDeadTime);
        int overhead = (_options.Keyring is null ? 0 : Security.GossipCrypto.Overhead) + CrcOverhead + CompoundHeaderOverhead;
        foreach (var target in targets)
        {
            var messages = _broadcasts.Take(CompoundPartOverhead, _options.PacketBufferSize - overhead, RetransmitLimit());
            if (messages is null) return;
            Transmit(target.EndPoint, target.ProtocolMax, messages);
        }
    }
}
