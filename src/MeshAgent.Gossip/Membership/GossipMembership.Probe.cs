using System.Net;
using MeshAgent.Gossip.Wire;

namespace MeshAgent.Gossip.Membership;

public sealed partial class GossipMembership
{
    private void ProbeTick()
    {
        // Lifeguard: a member in poor local health probes less often (memberlist scales the whole probe period).
        After(Scale(_options.ProbeInterval), ProbeTick);
        if (_leaving) return;
        int target = NextProbeTarget();
        if (target >= 0) StartProbe(target);
    }

    /// <summary>Round robin over a shuffled list; reshuffles after each full pass (SWIM's randomized round robin).</summary>
    private int NextProbeTarget()
    {
        var order = _table.Order;
        for (int checkedCount = 0; checkedCount <= order.Count; checkedCount++)
        {
            if (_probeIndex >= order.Count)
            {
                _table.Shuffle(_random);
                _probeIndex = 0;
            }
            int candidate = order[_probeIndex++];
            if (candidate != _selfId && !_table[candidate].IsDeadOrLeft) return candidate;
        }
        return -1;
    }

    private void StartProbe(int target)
    {
        Interlocked.Increment(ref Statistics._probes);
        uint seq = ++_sequence;
        var probe = new PendingAck { Target = target };
        _pending[seq] = probe;
        ref var entry = ref _table[target];
        var info = entry.Info!;
        var messages = new List<WireMessage>(2);
        // Lifeguard's buddy system: tell a suspect it is suspected, so it can refute at once. The suspicion goes
        // first: the suspect handles it before the ping, so its ack already carries the refutation.
        if (_options.Lifeguard && entry.State == NodeState.Suspect)
        {
            messages.Add(new WireMessage(new Suspect(entry.Incarnation, info.Name, Name)));
        }
        messages.Add(new WireMessage(PingFor(seq, info.Name)));
        SendPacket(info.EndPoint, info.ProtocolMax, messages);
        // Like memberlist, the direct ack wait is not scaled by local health (waiting longer does not get UDP
        // through); the whole probe period is, which gives indirect probes and nacks more time.
        After(_options.ProbeTimeout, () => ProbeTimedOut(seq, probe));
        After(Scale(_options.ProbeInterval), () => ProbeDeadline(seq, probe));
    }

    private Ping PingFor(uint seq, string node) => new(seq, node, _selfInfo.Addr, _selfInfo.Port, Name);

    private void ProbeTimedOut(uint seq, PendingAck probe)
    {
        if (probe.Acked) return;
        probe.TimedOut = true;
        int target = probe.Target;
        if (!_table.Contains(target)) return;
        var info = _table[target].Info!;
        foreach (int helper in RandomMembers(_options.IndirectChecks, id => id != target && _table[id].State == NodeState.Alive))
        {
            var helperInfo = _table[helper].Info!;
            bool nack = _options.Lifeguard && helperInfo.ProtocolMax >= 4;
            if (nack) probe.ExpectedNacks++;
            var request = new IndirectPing(seq, info.Addr, info.Port, info.Name, nack, _selfInfo.Addr, _selfInfo.Port, Name);
            SendPacket(helperInfo.EndPoint, helperInfo.ProtocolMax, [new WireMessage(request)]);
        }
        if (_options.TcpPingFallback && info.ProtocolMax >= 3)
        {
            var ping = StreamCodec.Seal(PingFor(seq, info.Name), compress: false, _options.Keyring, 1, _options.Label);
            Interlocked.Increment(ref Statistics._streamsSent);
            _transport.SendStream(info.EndPoint, ping, expectReply: true, Scale(_options.ProbeInterval) - _options.ProbeTimeout, reply =>
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

    private void ProbeDeadline(uint seq, PendingAck probe)
    {
        if (probe.Acked)
        {
            _pending.Remove(seq);
            // memberlist: any successful probe (direct, indirect or TCP) improves local health.
            ApplyAwareness(-1);
            return;
        }
        Interlocked.Increment(ref Statistics._failedProbes);
        if (probe.ExpectedNacks > 0)
        {
            // Lifeguard: missing nacks mean our own network or process is the likely problem. A helper nacks one
            // probe timeout after our request, which we sent one probe timeout into the probe: with the LAN
            // preset that is exactly the deadline, so memberlist, counting at the deadline, misses nearly every
            // nack and blames itself. Count them a little later; the suspicion below is not delayed.
            After(_options.ProbeTimeout / 5, () =>
            {
                _pending.Remove(seq);
                ApplyAwareness(probe.Acked ? -1 : probe.ExpectedNacks - probe.Nacks);
            });
        }
        else
        {
            _pending.Remove(seq);
            ApplyAwareness(1);
        }
        int target = probe.Target;
        if (!_table.Contains(target)) return;
        ref var entry = ref _table[target];
        if (entry.State is NodeState.Alive or NodeState.Suspect)
        {
            Log.ProbeFailed(_logger, entry.Info!.Name);
            OnSuspect(new Suspect(entry.Incarnation, entry.Info!.Name, Name), null);
        }
    }

    private void OnPing(Ping ping, IPEndPoint source)
    {
        if (ping.Node.Length > 0 && ping.Node != Name) return; // meant for whoever had this address before
        var replyTo = ping.SourceAddr is { Length: 4 or 16 } && ping.SourcePort != 0
            ? new IPEndPoint(new IPAddress(ping.SourceAddr), ping.SourcePort) : source;
        SendPacket(replyTo, ProtocolMaxOf(ping.SourceNode), [new WireMessage(new Ack(ping.SeqNo))]);
    }

    private byte ProtocolMaxOf(string? node) =>
        node is not null && _table.TryFind(node, out int id) ? _table[id].Info!.ProtocolMax : (byte)0;

    private void OnIndirectPing(IndirectPing request, IPEndPoint source)
    {
        if (request.Target is not { Length: 4 or 16 }) return;
        var origin = request.SourceAddr is { Length: 4 or 16 } && request.SourcePort != 0
            ? new IPEndPoint(new IPAddress(request.SourceAddr), request.SourcePort) : source;
        byte originMax = ProtocolMaxOf(request.SourceNode);
        uint seq = ++_sequence;
        var relay = new PendingAck { RelayTo = origin, RelaySequence = request.SeqNo, RelayProtocolMax = originMax };
        _pending[seq] = relay;
        var target = new IPEndPoint(new IPAddress(request.Target), request.Port);
        SendPacket(target, ProtocolMaxOf(request.Node), [new WireMessage(PingFor(seq, request.Node))]);
        After(_options.ProbeTimeout, () =>
        {
            if (!relay.Acked && request.Nack) SendPacket(origin, originMax, [new WireMessage(new Nack(request.SeqNo))]);
        });
        After(_options.ProbeInterval, () => _pending.Remove(seq));
    }

    private void OnAck(Ack ack)
    {
        if (!_pending.TryGetValue(ack.SeqNo, out var pending) || pending.Acked) return;
        pending.Acked = true;
        if (pending.RelayTo is not null)
        {
            SendPacket(pending.RelayTo, pending.RelayProtocolMax, [new WireMessage(new Ack(pending.RelaySequence))]);
            _pending.Remove(ack.SeqNo);
        }
    }

    private void OnNack(Nack nack)
    {
        if (_pending.TryGetValue(nack.SeqNo, out var pending)) pending.Nacks++;
    }

    /// <summary>Up to <paramref name="k"/> distinct random members (never ourselves) matching <paramref name="filter"/>.</summary>
    private List<int> RandomMembers(int k, Func<int, bool> filter)
    {
        var result = new List<int>(k);
        var order = _table.Order;
        int n = order.Count;
        for (int attempts = 0; attempts < 3 * n && result.Count < k; attempts++)
        {
            int m = order[_random.Next(n)];
            if (m == _selfId || result.Contains(m) || !filter(m)) continue;
            result.Add(m);
        }
        return result;
    }
}
