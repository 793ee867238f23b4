using System.Net;
using MeshAgent.Gossip.Wire;

namespace MeshAgent.Gossip.Membership;

public sealed partial class GossipMembership
{
    /// <summary>memberlist scales the push-pull interval above this many members.</summary>
    private const int PushPullScaleThreshold = 32;

    private void PushPullTick()
    {
        After(PushPullInterval(), PushPullTick);
        if (_leaving) return;
        var peer = RandomMembers(1, id => _table[id].State == NodeState.Alive);
        if (peer.Count == 1) PushPullWith(_table[peer[0]].Info!.EndPoint, join: false, null);
    }

    /// <summary>memberlist's pushPullScale: × (⌈log2 n − log2 32⌉ + 1) above 32 members, so load per member stays flat.</summary>
    private TimeSpan PushPullInterval()
    {
        int n = _table.LiveCount;
        if (n <= PushPullScaleThreshold) return _options.PushPullInterval;
        double multiplier = Math.Ceiling(Math.Log2(n) - Math.Log2(PushPullScaleThreshold)) + 1.0;
        return _options.PushPullInterval * multiplier;
    }

    /// <summary>Beyond memberlist: contact one random failed member; a second exchange shortly after carries refutations both ways.</summary>
    private void ReconnectTick()
    {
        After(_options.ReconnectInterval, ReconnectTick);
        if (_leaving) return;
        var dead = _table.Dead;
        if (dead.Count == 0) return;
        ForgetExpired(_time.GetTimestamp());
        if (dead.Count == 0) return;
        var target = _table[dead[_random.Next(dead.Count)]].Info!;
        Log.Reconnecting(_logger, target.Name);
        PushPullWith(target.EndPoint, join: true, ok =>
        {
            if (!ok) return;
            lock (_gate)
            {
                After(_options.ProbeTimeout, () => PushPullWith(target.EndPoint, join: false, null));
            }
        });
    }

    /// <summary>Forgets members dead or left for longer than the reconnect timeout (scans only when some are dead).</summary>
    private void ForgetExpired(long now)
    {
        var order = _table.Order;
        for (int i = order.Count - 1; i >= 0; i--)
        {
            int id = order[i];
            ref var e = ref _table[id];
            if (e.IsDeadOrLeft && _time.GetElapsedTime(e.StateChange, now) > _options.ReconnectTimeout)
            {
                _table.Remove(id);
                if (_probeIndex > i) _probeIndex--;
            }
        }
    }

    private PushPull LocalState(bool join)
    {
        var nodes = new List<PushNodeState>(_table.Count);
        foreach (int id in _table.Order)
        {
            ref var e = ref _table[id];
            var info = e.Info!;
            nodes.Add(new PushNodeState(info.Name, info.Addr, info.Port, info.Meta, e.Incarnation, e.State, info.Vsn));
        }
        return new PushPull(join, nodes, LocalUserState);
    }

    private PushPullSnapshot LocalSnapshot(bool join)
    {
        var snapshot = new PushPullSnapshot(join, _table.Directory, _table.Count, LocalUserState);
        foreach (int id in _table.Order)
        {
            ref var e = ref _table[id];
            snapshot.Add(e.Info!, id, e.Incarnation, e.State);
        }
        return snapshot;
    }

    private void PushPullWith(IPEndPoint peer, bool join, Action<bool>? done)
    {
        Interlocked.Increment(ref Statistics._streamsSent);
        if (_messageTransport is not null)
        {
            PushPullSnapshot local;
            lock (_gate) local = LocalSnapshot(join);
            _messageTransport.SendStreamMessage(peer, local, expectReply: true, _options.StreamTimeout, reply =>
            {
                bool ok = false;
                lock (_gate)
                {
                    if (reply is PushPullSnapshot remote && !_stopped)
                    {
                        MergeSnapshot(remote);
                        ok = true;
                    }
                    (reply as PushPullSnapshot)?.Release();
                    // The peer released our snapshot after merging it; if it never got it (down, partitioned),
                    // release it here, or every retry of a dead member would leak a pooled array.
                    local.Release();
                }
                done?.Invoke(ok);
            });
            return;
        }
        byte[] request;
        lock (_gate) request = SealStream(LocalState(join));
        _transport.SendStream(peer, request, expectReply: true, _options.StreamTimeout, reply =>
        {
            bool ok = false;
            lock (_gate)
            {
                if (reply is { Length: > 0 } && !_stopped)
                {
                    try
                    {
                        if (StreamCodec.Open(reply, _options.Keyring, _options.Label) is PushPull remote)
                        {
                            Merge(remote);
                            ok = true;
                        }
                        else
                        {
                            Interlocked.Increment(ref Statistics._malformedStreams);
                        }
                    }
                    catch (GossipDecodeException e)
                    {
                        Interlocked.Increment(ref Statistics._malformedStreams);
                        Log.MalformedPacket(_logger, peer, e.Message);
                    }
                }
            }
            done?.Invoke(ok);
        });
    }

    private void Merge(PushPull remote)
    {
        foreach (var n in remote.Nodes)
        {
            if (_table.TryFind(n.Name, out int id) && IsStale(id, n.Incarnation, n.State)) continue;
            MergeEntry(n.Name, n.Addr, n.Port, n.Meta, n.Vsn, n.Incarnation, n.State);
        }
        MergeUserState(remote.UserState);
    }

    private void MergeSnapshot(PushPullSnapshot remote)
    {
        bool shared = remote.Directory == _table.Directory;
        foreach (ref readonly var n in remote.Entries)
        {
            int id = shared ? (_table.Contains(n.Id) ? n.Id : -1) : (_table.TryFind(n.Info.Name, out int found) ? found : -1);
            if (id >= 0 && IsStale(id, n.Incarnation, n.State)) continue;
            var i = n.Info;
            MergeEntry(i.Name, i.Addr, i.Port, i.Meta, i.Vsn, n.Incarnation, n.State);
        }
        MergeUserState(remote.UserState);
    }

    /// <summary>True when the handlers would ignore this remote entry (most entries repeat what we know).</summary>
    private bool IsStale(int id, uint incarnation, NodeState state)
    {
        if (id == _selfId) return false;
        ref var e = ref _table[id];
        if (incarnation < e.Incarnation) return true;
        return incarnation == e.Incarnation && (state == NodeState.Alive || (state == e.State && state != NodeState.Suspect));
    }

    private void MergeEntry(string name, byte[] addr, ushort port, byte[] meta, byte[] vsn, uint incarnation, NodeState state)
    {
        switch (state)
        {
            case NodeState.Alive:
                OnAlive(new Alive(incarnation, name, addr, port, meta, vsn), null);
                break;
            case NodeState.Left:
                OnDead(new Dead(incarnation, name, name), null);
                break;
            default:
                // Like memberlist: a remote "dead" only makes us suspect, so the member can still refute.
                OnSuspect(new Suspect(incarnation, name, Name), null);
                break;
        }
    }

    private void MergeUserState(byte[] userState)
    {
        if (userState.Length > 0)
        {
            WitnessSerf(userState);
            Emit(MembershipEventKind.UserState, -1, userState);
        }
    }
}
