using System.Net;
using MeshAgent.Gossip.Wire;

namespace MeshAgent.Gossip.Membership;

public sealed partial class GossipMembership
{
    private void OnAlive(Alive a)
    {
        if (a.Addr is not { Length: 4 or 16 } || a.Node.Length == 0) return;
        if (a.Node == _self.Name)
        {
            if (_leaving || a.Incarnation < _self.Incarnation) return;
            if (a.Incarnation == _self.Incarnation && a.Meta.AsSpan().SequenceEqual(_self.Meta)) return;
            Refute(a.Incarnation);
            return;
        }
        var endPoint = new IPEndPoint(new IPAddress(a.Addr), a.Port);
        if (!_members.TryGetValue(a.Node, out var state))
        {
            state = new MemberState(a.Node, endPoint, a.Meta, a.Vsn)
            {
                Incarnation = a.Incarnation,
                State = NodeState.Alive,
                StateChangeTimestamp = _time.GetTimestamp(),
            };
            _members[a.Node] = state;
            // Insert at a random place so a new member is probed within one pass on average.
            _nodes.Add(state);
            int j = _random.Next(_nodes.Count);
            (_nodes[^1], _nodes[j]) = (_nodes[j], _nodes[^1]);
            _liveCount++;
            QueueBroadcast(a.Node, a);
            Log.MemberJoined(_logger, a.Node, endPoint);
            Emit(MembershipEventKind.Join, state);
            return;
        }
        if (a.Incarnation <= state.Incarnation) return;
        _suspicions.Remove(a.Node);
        var old = state.State;
        bool changed = !a.Meta.AsSpan().SequenceEqual(state.Meta) || !endPoint.Equals(state.EndPoint);
        state.Incarnation = a.Incarnation;
        state.Meta = a.Meta;
        state.EndPoint = endPoint;
        if (a.Vsn.Length >= 6) state.Vsn = a.Vsn;
        state.State = NodeState.Alive;
        QueueBroadcast(a.Node, a);
        if (old is NodeState.Dead or NodeState.Left)
        {
            state.StateChangeTimestamp = _time.GetTimestamp();
            _liveCount++;
            Log.MemberJoined(_logger, a.Node, endPoint);
            Emit(MembershipEventKind.Join, state);
        }
        else
        {
            if (old != NodeState.Alive) state.StateChangeTimestamp = _time.GetTimestamp();
            if (changed) Emit(MembershipEventKind.Update, state);
        }
    }

    private void OnSuspect(Suspect s)
    {
        if (!_members.TryGetValue(s.Node, out var state) || s.Incarnation < state.Incarnation) return;
        if (_suspicions.TryGetValue(s.Node, out var existing))
        {
            if (existing.Incarnation == s.Incarnation && existing.Confirm(s.From))
            {
                QueueBroadcast(s.Node, s);
                ScheduleSuspicionCheck(state, existing);
            }
            return;
        }
        if (state.State != NodeState.Alive) return;
        if (s.Node == _self.Name)
        {
            if (_leaving) return;
            Refute(s.Incarnation);
            ApplyAwareness(1);
            return;
        }
        QueueBroadcast(s.Node, s);
        state.Incarnation = s.Incarnation;
        state.State = NodeState.Suspect;
        state.StateChangeTimestamp = _time.GetTimestamp();
        int n = _liveCount;
        int k = _options.SuspicionMultiplier - 2;
        if (n - 2 < k) k = 0;
        var min = Suspicion.BaseTimeout(_options.SuspicionMultiplier, n, _options.ProbeInterval);
        var max = _options.Lifeguard ? min * _options.SuspicionMaxTimeoutMultiplier : min;
        var suspicion = new Suspicion(s.From, s.Incarnation, _options.Lifeguard ? k : 0, min, max, _time.GetTimestamp());
        _suspicions[s.Node] = suspicion;
        Log.MemberSuspected(_logger, s.Node, s.From);
        SuspectObserver?.Invoke(s.Node, s.From);
        ScheduleSuspicionCheck(state, suspicion);
    }

    private void ScheduleSuspicionCheck(MemberState state, Suspicion suspicion)
    {
        int generation = ++suspicion.Generation;
        var remaining = suspicion.Timeout() - _time.GetElapsedTime(suspicion.StartTimestamp);
        After(remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero, () =>
        {
            if (suspicion.Generation != generation) return;
            if (!_suspicions.TryGetValue(state.Name, out var current) || current != suspicion) return;
            if (state.State != NodeState.Suspect || state.Incarnation != suspicion.Incarnation) return;
            OnDead(new Dead(state.Incarnation, state.Name, _self.Name));
        });
    }

    private void OnDead(Dead d)
    {
        if (!_members.TryGetValue(d.Node, out var state) || d.Incarnation < state.Incarnation) return;
        _suspicions.Remove(d.Node);
        if (state.IsDeadOrLeft) return;
        if (d.Node == _self.Name && !_leaving)
        {
            Refute(d.Incarnation);
            ApplyAwareness(1);
            return;
        }
        QueueBroadcast(d.Node, d);
        state.Incarnation = d.Incarnation;
        state.State = d.From == d.Node ? NodeState.Left : NodeState.Dead;
        state.StateChangeTimestamp = _time.GetTimestamp();
        _liveCount--;
        if (state == _self) return;
        if (state.State == NodeState.Left)
        {
            Log.MemberLeft(_logger, d.Node);
            Emit(MembershipEventKind.Leave, state);
        }
        else
        {
            Log.MemberFailed(_logger, d.Node, d.From);
            Emit(MembershipEventKind.Failed, state);
        }
    }

    private void Refute(uint accused)
    {
        uint next = _self.Incarnation + 1;
        if (accused >= next) next = accused + 1;
        _self.Incarnation = next;
        Interlocked.Increment(ref Statistics._refutations);
        Log.Refuted(_logger, next);
        QueueBroadcast(_self.Name, _self.ToAlive());
    }

    private void OnUserPayload(byte[] data, IPEndPoint source)
    {
        WitnessSerf(data);
        var from = _nodes.FirstOrDefault(n => n.EndPoint.Equals(source));
        Emit(MembershipEventKind.UserMessage, from, data);
    }

    private void WitnessSerf(ReadOnlySpan<byte> data)
    {
        ulong t = SerfIntent.WitnessedTime(data);
        if (t > _serfClock) _serfClock = t;
    }
}
