using MeshAgent.Gossip.Codec;

namespace MeshAgent.Gossip.Membership;

/// <summary>
/// The two Serf messages a memberlist peer needs to take part in Serf's view of membership: the leave intent
/// (user payload type 0: LTime, Node, Prune), without which Serf reports a graceful leave as "failed", and the
/// Lamport times carried by Serf's join/leave intents and push-pull state, which we witness so our intent is newer.
/// </summary>
internal static class SerfIntent
{
    private const byte LeaveType = 0;
    private const byte JoinType = 1;
    private const byte PushPullType = 2;

    public static byte[] Leave(ulong lamportTime, string node)
    {
        var w = new MsgPackWriter(32);
        w.WriteByte(LeaveType);
        w.WriteMapHeader(3);
        w.WriteString("LTime"); w.WriteUInt(lamportTime);
        w.WriteString("Node"); w.WriteString(node);
        w.WriteString("Prune"); w.WriteBool(false);
        return w.ToArray();
    }

    /// <summary>Returns the Lamport time in a Serf join/leave intent or push-pull state, or 0 when there is none.</summary>
    public static ulong WitnessedTime(ReadOnlySpan<byte> payload)
    {
        if (payload.IsEmpty || payload[0] is not (LeaveType or JoinType or PushPullType)) return 0;
        try
        {
            var r = new MsgPackReader(payload[1..]);
            for (int n = r.ReadMapHeader(); n > 0; n--)
            {
                if (r.ReadString() == "LTime") return r.ReadUInt64();
                r.Skip();
            }
        }
        catch (MsgPackException)
        {
            // Not Serf's message after all: nothing to witness.
        }
        return 0;
    }
}
