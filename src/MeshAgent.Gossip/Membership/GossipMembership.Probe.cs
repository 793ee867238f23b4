using System.Net;
using MeshAgent.Gossip.Wire;

namespace MeshAgent.Gossip.Membership;

public sealed partial class GossipMembership
{
    private void ProbeTick()
    {
        After(Scale(_options.ProbeInterval), ProbeTick);
        if (_leaving) return;
        var target = NextProbeTarget();
        if (target is not null) StartProbe(target);
    }

    /// <summary>Round robin over a shuffled list; reshuffles after each full pass (SWIM's randomized round robin).</summary>
    private MemberState? NextProbeTarget()
    {
        for (int checkedCount = 0; checkedCount <= _nodes.Count; checkedCount++)
        {
            if (_probeIndex >= _nodes.Count)
            {
                Shuffle(_nodes);
                _probeIndex = 0;
            }
            var candidate = _nodes[_probeIndex++];
            if (candidate != _self && !candidate.IsDeadOrLeft) return candidate;
        }
        return null;
    }

    private void Shuffle(List<MemberState> list)
    {
        for (int i = list.Count - 1; i > 0; i--)
        {
            int j = _random.Next(i + 1);
            (list[i], list[j]) = (list[j], list[i]);
        }
    }

    private void StartProbe(MemberState target)
    {
        Interlocked.Increment(ref Statistics._probes);
        uint seq = ++_sequence;
        var probe = new PendingAck { Target = target.Name, Probed = target };
        _pending[seq] = probe;
        var messages = new List<byte[]> { MessageCodec.Encode(PingFor(seq, target.Name)) };
        // Lifeguard's buddy system: tell a suspect it is suspected, so it can refute at once.
        if (_options.Lifeguard && target.State == NodeState.Suspect)
        {
            messages.Add(MessageCodec.Encode(new Suspect(target.Incarnation, target.Name, _self.Name)));
        }
        SendPacket(target.EndPoint, target.ProtocolMax, messages);
        var interval = Scale(_options.ProbeInterval);
        After(Scale(_options.ProbeTimeout), () => ProbeTimedOut(seq, probe, target));
        After(interval, () => ProbeDeadline(seq, probe, target));
    }

    private Ping PingFor(uint seq, string node) =>
        new(seq, node, MemberState.AddressBytes(_self.EndPoint), (ushort)_self.EndPoint.Port, _self.Name);

    private void ProbeTimedOut(uint seq, PendingAck probe, MemberState target)
    {
        if (probe.Acked) return;
        probe.TimedOut = true;
        foreach (var helper in RandomMembers(_options.IndirectChecks, m => m != target && m.State == NodeState.Alive))
        {
            bool nack = _options.Lifeguard && helper.ProtocolMax >= 4;
            if (nack) probe.ExpectedNacks++;
            var request = new IndirectPing(seq, MemberState.AddressBytes(target.EndPoint), (ushort)target.EndPoint.Port, target.Name, nack,
                MemberState.AddressBytes(_self.EndPoint), (ushort)_self.EndPoint.Port, _self.Name);
            SendPacket(helper.EndPoint, helper.ProtocolMax, [MessageCodec.Encode(request)]);
        }
        if (_options.TcpPingFallback && target.ProtocolMax >= 3)
        {
            var ping = StreamCodec.Seal(PingFor(seq, target.Name), compress: false, _options.Keyring, 1, _options.Label);
            Interlocked.Increment(ref Statistics._streamsSent);
            _transport.SendStream(target.EndPoint, ping, expectReply: true, Scale(_options.ProbeInterval) - Scale(_options.ProbeTimeout), reply =>
            {
                if (reply is null || reply.Length == 0) return;
                lock (_gate)
                {
                    try
                    {
                        if (StreamCodec.Open(reply, _options.Keyring, _options.Label) is Ack ack && ack.SeqNo == seq) probe.Acked = true;
                    }
                    catch (GossipDecodeException)
                    {
                        Interlocked.Increment(ref Statistics._malformedStreams);
                    }
                }
            });
        }
    }

    private void ProbeDeadline(uint seq, PendingAck probe, MemberState target)
    {
        _pending.Remove(seq);
        if (probe.Acked) return;
        Interlocked.Increment(ref Statistics._failedProbes);
        // Lifeguard: missing nacks mean our own network or process is the likely problem.
        ApplyAwareness(probe.ExpectedNacks > 0 ? probe.ExpectedNacks - probe.Nacks : 1);
        if (target.State is NodeState.Alive or NodeState.Suspect)
        {
            Log.ProbeFailed(_logger, target.Name);
            OnSuspect(new Suspect(target.Incarnation, target.Name, _self.Name));
        }
    }

    private void OnPing(Ping ping, IPEndPoint source)
    {
        if (ping.Node.Length > 0 && ping.Node != _self.Name) return; // meant for whoever had this address before
        var replyTo = ping.SourceAddr is { Length: 4 or 16 } && ping.SourcePort != 0
            ? new IPEndPoint(new IPAddress(ping.SourceAddr), ping.SourcePort) : source;
        byte pmax = ping.SourceNode is not null && _members.TryGetValue(ping.SourceNode, out var src) ? src.ProtocolMax : (byte)0;
        SendPacket(replyTo, pmax, [MessageCodec.Encode(new Ack(ping.SeqNo))]);
    }

    private void OnIndirectPing(IndirectPing request, IPEndPoint source)
    {
        if (request.Target is not { Length: 4 or 16 }) return;
        var origin = request.SourceAddr is { Length: 4 or 16 } && request.SourcePort != 0
            ? new IPEndPoint(new IPAddress(request.SourceAddr), request.SourcePort) : source;
        byte originMax = request.SourceNode is not null && _members.TryGetValue(request.SourceNode, out var o) ? o.ProtocolMax : (byte)0;
        uint seq = ++_sequence;
        var relay = new PendingAck { Target = request.Node, RelayTo = origin, RelaySequence = request.SeqNo, RelayProtocolMax = originMax };
        _pending[seq] = relay;
        var target = new IPEndPoint(new IPAddress(request.Target), request.Port);
        byte targetMax = _members.TryGetValue(request.Node, out var t) ? t.ProtocolMax : (byte)0;
        SendPacket(target, targetMax, [MessageCodec.Encode(PingFor(seq, request.Node))]);
        After(Scale(_options.ProbeTimeout), () =>
        {
            if (!relay.Acked && request.Nack) SendPacket(origin, originMax, [MessageCodec.Encode(new Nack(request.SeqNo))]);
        });
        After(Scale(_options.ProbeInterval), () => _pending.Remove(seq));
    }

    private void OnAck(Ack ack)
    {
        if (!_pending.TryGetValue(ack.SeqNo, out var pending) || pending.Acked) return;
        pending.Acked = true;
        if (pending.RelayTo is not null)
        {
            SendPacket(pending.RelayTo, pending.RelayProtocolMax, [MessageCodec.Encode(new Ack(pending.RelaySequence))]);
            _pending.Remove(ack.SeqNo);
            return;
        }
        if (!pending.TimedOut) ApplyAwareness(-1);
    }

    private void OnNack(Nack nack)
    {
        if (_pending.TryGetValue(nack.SeqNo, out var pending)) pending.Nacks++;
    }

    /// <summary>Up to <paramref name="k"/> distinct random members (never ourselves) matching <paramref name="filter"/>.</summary>
    private List<MemberState> RandomMembers(int k, Func<MemberState, bool> filter)
    {
        var result = new List<MemberState>(k);
        int n = _nodes.Count;
        for (int attempts = 0; attempts < 3 * n && result.Count < k; attempts++)
        {
            var m = _nodes[_random.Next(n)];
            if (m == _self || result.Contains(m) || !filter(m)) continue;
            result.Add(m);
        }
        return result;
    }
}
