using System.Net;
using MeshAgent.Gossip.Wire;

namespace MeshAgent.Gossip.Membership;

public sealed partial class GossipMembership
{
    /// <summary>Applies an alive message; <paramref name="received"/> is the message as it arrived, re-gossiped without re-encoding.</summary>
    private void OnAlive(Alive a, WireMessage? received)
    {
        if (a.Addr is not { Length: 4 or 16 } || a.Node.Length == 0) return;
        if (a.Node == Name)
        {
            if (_leaving || a.Incarnation < _selfIncarnation) return;
            if (a.Incarnation == _selfIncarnation && a.Meta.AsSpan().SequenceEqual(_selfInfo.Meta)) return;
            Refute(a.Incarnation);
            return;
        }
        var directory = _table.Directory;
        if (!_table.TryFind(a.Node, out int id))
        {
            id = directory.Intern(a.Node);
            var fresh = directory.InfoFor(id, a.Node, a.Addr, a.Port, a.Meta, a.Vsn);
            // Insert at a random place so a new member is probed within one pass on average.
            _table.Add(id, fresh, a.Incarnation, NodeState.Alive, _time.GetTimestamp(), _random);
            QueueBroadcast(id, a, received);
            Log.MemberJoined(_logger, a.Node, fresh.EndPoint);
            Emit(MembershipEventKind.Join, id);
            return;
        }
        ref var entry = ref _table[id];
        if (a.Incarnation <= entry.Incarnation) return;
        CancelSuspicion(id);
        var old = entry.State;
        var oldInfo = entry.Info!;
        var vsn = a.Vsn.Length >= 6 ? a.Vsn : oldInfo.Vsn;
        var info = oldInfo.Matches(a.Addr, a.Port, a.Meta, vsn) ? oldInfo : directory.InfoFor(id, a.Node, a.Addr, a.Port, a.Meta, vsn);
        bool changed = !a.Meta.AsSpan().SequenceEqual(oldInfo.Meta) || a.Port != oldInfo.Port || !a.Addr.AsSpan().SequenceEqual(oldInfo.Addr);
        entry.Incarnation = a.Incarnation;
        entry.Info = info;
        long now = _time.GetTimestamp();
        _table.SetState(id, NodeState.Alive, now);
        QueueBroadcast(id, a, received);
        if (old is NodeState.Dead or NodeState.Left)
        {
            Log.MemberJoined(_logger, a.Node, info.EndPoint);
            Emit(MembershipEventKind.Join, id);
        }
        else if (changed)
        {
            Emit(MembershipEventKind.Update, id);
        }
    }

    /// <summary>Applies a suspicion; <paramref name="source"/> is where the packet came from (null for push-pull).</summary>
    private void OnSuspect(Suspect s, WireMessage? received, IPEndPoint? source = null)
    {
        if (!_table.TryFind(s.Node, out int id)) return;
        ref var entry = ref _table[id];
        if (s.Incarnation < entry.Incarnation)
        {
            // Beyond memberlist: whoever still gossips an old suspicion about us missed our refutation; tell it
            // directly (memberlist would leave it to push-pull, which comes too late for its suspicion timer).
            if (id == _selfId && source is not null && _options.Lifeguard && !_leaving)
            {
                SendPacket(source, ProtocolMaxOf(s.From), [new WireMessage(SelfAlive())]);
            }
            return;
        }
        if (_suspicions.TryGetValue(id, out var existing))
        {
            if (existing.Incarnation == s.Incarnation && existing.Confirm(s.From))
            {
                QueueBroadcast(id, s, received);
                ScheduleSuspicionCheck(id, existing);
            }
            return;
        }
        if (entry.State != NodeState.Alive) return;
        if (id == _selfId)
        {
            if (_leaving) return;
            Refute(s.Incarnation);
            return;
        }
        QueueBroadcast(id, s, received);
        entry.Incarnation = s.Incarnation;
        _table.SetState(id, NodeState.Suspect, _time.GetTimestamp());
        int n = _table.LiveCount;
        int k = _options.SuspicionMultiplier - 2;
        if (n - 2 < k) k = 0;
        var min = Suspicion.BaseTimeout(_options.SuspicionMultiplier, n, _options.ProbeInterval);
        var max = _options.Lifeguard ? min * _options.SuspicionMaxTimeoutMultiplier : min;
        var suspicion = new Suspicion(s.From, s.Incarnation, _options.Lifeguard ? k : 0, min, max, _time.GetTimestamp());
        _suspicions[id] = suspicion;
        Interlocked.Increment(ref Statistics._suspicions);
        Log.MemberSuspected(_logger, s.Node, s.From);
        SuspectObserver?.Invoke(s.Node, s.From);
        ScheduleSuspicionCheck(id, suspicion);
    }

    private void OnDead(Dead d, WireMessage? received)
    {
        if (!_table.TryFind(d.Node, out int id)) return;
        ref var entry = ref _table[id];
        if (d.Incarnation < entry.Incarnation) return;
        CancelSuspicion(id);
        if (entry.IsDeadOrLeft) return;
        if (id == _selfId && !_leaving)
        {
            Refute(d.Incarnation);
            return;
        }
        QueueBroadcast(id, d, received);
        entry.Incarnation = d.Incarnation;
        _table.SetState(id, d.From == d.Node ? NodeState.Left : NodeState.Dead, _time.GetTimestamp());
        if (id == _selfId) return;
        if (entry.State == NodeState.Left)
        {
            Log.MemberLeft(_logger, d.Node);
            Emit(MembershipEventKind.Leave, id);
        }
        else
        {
            Log.MemberFailed(_logger, d.Node, d.From);
            Emit(MembershipEventKind.Failed, id);
        }
    }

    /// <summary>Announces a higher incarnation than the accusation; like memberlist, being accused lowers our local health.</summary>
    private void Refute(uint accused)
    {
        uint next = _selfIncarnation + 1;
        if (accused >= next) next = accused + 1;
        SetSelfIncarnation(next);
        ApplyAwareness(1);
        Interlocked.Increment(ref Statistics._refutations);
        Log.Refuted(_logger, next);
        QueueBroadcast(_selfId, SelfAlive());
    }

    private void OnUserPayload(byte[] data, IPEndPoint source)
    {
        WitnessSerf(data);
        int from = -1;
        foreach (int id in _table.Order)
        {
            if (_table[id].Info!.EndPoint.Equals(source))
            {
                from = id;
                break;
            }
        }
        Emit(MembershipEventKind.UserMessage, from, data);
    }

    private void WitnessSerf(ReadOnlySpan<byte> data)
    {
        ulong t = SerfIntent.WitnessedTime(data);
        if (t > _serfClock) _serfClock = t;
    }
}
