using MeshAgent.Gossip.Wire;

namespace MeshAgent.Gossip.Membership;

public sealed partial class GossipMembership
{
    /// <summary>Lifeguard: direct buddy probes sent to a suspect whose timeout ran out, before it is declared dead.</summary>
    private const int FinalChecks = 2;

    /// <summary>Running suspicions by due time; one clock timer is armed for the earliest, so cancelled ones cost nothing.</summary>
    private readonly SortedSet<(long Due, int Id)> _deadlines = [];
    private long _armedDue = long.MaxValue;

    /// <summary>Sets (or moves) the deadline of <paramref name="suspicion"/> about member <paramref name="id"/>.</summary>
    private void SetSuspicionDue(int id, Suspicion suspicion, long due)
    {
        if (suspicion.Due != 0) _deadlines.Remove((suspicion.Due, id));
        suspicion.Due = due;
        _deadlines.Add((due, id));
        if (due < _armedDue)
        {
            _armedDue = due;
            var delay = _time.GetElapsedTime(_time.GetTimestamp(), due);
            After(delay > TimeSpan.Zero ? delay : TimeSpan.Zero, () => SweepSuspicions(due));
        }
    }

    private void ScheduleSuspicionCheck(int id, Suspicion suspicion) =>
        SetSuspicionDue(id, suspicion, suspicion.StartTimestamp + ToTimestamp(suspicion.Timeout()));

    private long ToTimestamp(TimeSpan t) => (long)(t.TotalSeconds * _time.TimestampFrequency);

    private void CancelSuspicion(int id)
    {
        if (_suspicions.Remove(id, out var suspicion)) _deadlines.Remove((suspicion.Due, id));
    }

    private void SweepSuspicions(long armedFor)
    {
        if (armedFor != _armedDue) return; // a later arming superseded this one
        _armedDue = long.MaxValue;
        long now = _time.GetTimestamp();
        while (_deadlines.Count > 0 && _deadlines.Min.Due <= now)
        {
            var (_, id) = _deadlines.Min;
            _deadlines.Remove(_deadlines.Min);
            var suspicion = _suspicions[id];
            suspicion.Due = 0;
            ref var entry = ref _table[id];
            if (entry.State != NodeState.Suspect || entry.Incarnation != suspicion.Incarnation)
            {
                _suspicions.Remove(id);
                continue;
            }
            if (_options.Lifeguard && suspicion.FinalChecks < FinalChecks)
            {
                // Beyond memberlist: a buddy probe straight to the suspect. A member that already refuted answers
                // with its alive message, which reaches us even if we missed every gossiped copy of it.
                suspicion.FinalChecks++;
                SendBuddyProbe(id);
                SetSuspicionDue(id, suspicion, now + ToTimestamp(_options.ProbeTimeout));
                continue;
            }
            _suspicions.Remove(id);
            DeclareObserver?.Invoke(entry.Info!.Name);
            OnDead(new Dead(entry.Incarnation, entry.Info!.Name, Name), null);
        }
        if (_deadlines.Count > 0 && _deadlines.Min.Due < _armedDue)
        {
            long due = _deadlines.Min.Due;
            _armedDue = due;
            After(_time.GetElapsedTime(now, due), () => SweepSuspicions(due));
        }
    }

    /// <summary>Pings a suspect with the suspicion attached (Lifeguard's buddy system), suspicion first so the ack can carry the refutation.</summary>
    private void SendBuddyProbe(int id)
    {
        ref var entry = ref _table[id];
        var info = entry.Info!;
        uint seq = ++_sequence;
        var messages = new List<WireMessage>(2)
        {
            new(new Suspect(entry.Incarnation, info.Name, Name)),
            new(PingFor(seq, info.Name)),
        };
        SendPacket(info.EndPoint, info.ProtocolMax, messages);
    }
}
