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
        var peer = RandomMembers(1, m => m.State == NodeState.Alive);
        if (peer.Count == 1) PushPullWith(peer[0].EndPoint, join: false, null);
    }

    /// <summary>memberlist's pushPullScale: × (⌈log2 n − log2 32⌉ + 1) above 32 members, so load per member stays flat.</summary>
    private TimeSpan PushPullInterval()
    {
        int n = _liveCount;
        if (n <= PushPullScaleThreshold) return _options.PushPullInterval;
        double multiplier = Math.Ceiling(Math.Log2(n) - Math.Log2(PushPullScaleThreshold)) + 1.0;
        return _options.PushPullInterval * multiplier;
    }

    /// <summary>Beyond memberlist: contact one random failed member; a second exchange shortly after carries refutations both ways.</summary>
    private void ReconnectTick()
    {
        After(_options.ReconnectInterval, ReconnectTick);
        if (_leaving) return;
        long now = _time.GetTimestamp();
        ForgetExpired(now);
        var failed = RandomMembers(1, m => m.State == NodeState.Dead);
        if (failed.Count == 0) return;
        var target = failed[0];
        Log.Reconnecting(_logger, target.Name);
        PushPullWith(target.EndPoint, join: true, ok =>
        {
            if (!ok) return;
            lock (_gate)
            {
                After(Scale(_options.ProbeTimeout), () => PushPullWith(target.EndPoint, join: false, null));
            }
        });
    }

    private void ForgetExpired(long now)
    {
        for (int i = _nodes.Count - 1; i >= 0; i--)
        {
            var m = _nodes[i];
            if (m.IsDeadOrLeft && _time.GetElapsedTime(m.StateChangeTimestamp, now) > _options.ReconnectTimeout)
            {
                _nodes.RemoveAt(i);
                _members.Remove(m.Name);
            }
        }
    }

    private PushPull LocalState(bool join) =>
        new(join, _nodes.Select(n => n.ToPushState()).ToList(), LocalUserState);

    private void PushPullWith(IPEndPoint peer, bool join, Action<bool>? done)
    {
        byte[] request;
        lock (_gate) request = SealStream(LocalState(join));
        Interlocked.Increment(ref Statistics._streamsSent);
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
            switch (n.State)
            {
                case NodeState.Alive:
                    OnAlive(new Alive(n.Incarnation, n.Name, n.Addr, n.Port, n.Meta, n.Vsn));
                    break;
                case NodeState.Left:
                    OnDead(new Dead(n.Incarnation, n.Name, n.Name));
                    break;
                default:
                    // Like memberlist: a remote "dead" only makes us suspect, so the member can still refute.
                    OnSuspect(new Suspect(n.Incarnation, n.Name, _self.Name));
                    break;
            }
        }
        if (remote.UserState.Length > 0)
        {
            WitnessSerf(remote.UserState);
            Emit(MembershipEventKind.UserState, null, remote.UserState);
        }
    }
}
