using MeshAgent.Gossip.Codec;

namespace MeshAgent.Gossip.Wire;

/// <summary>Application payload in a packet: the bytes after the user type byte, opaque to membership.</summary>
public sealed record UserPayload(byte[] Data) : IGossipMessage
{
    /// <inheritdoc/>
    public MessageType Type => MessageType.User;

    /// <inheritdoc/>
    public void WriteBody(MsgPackWriter writer) => writer.WriteVerbatim(Data);
}

/// <summary>Application payload sent over a stream: a <see cref="UserMessageHeader"/> then the bytes.</summary>
public sealed record StreamUserMessage(byte[] Data) : IGossipMessage
{
    /// <inheritdoc/>
    public MessageType Type => MessageType.User;

    /// <inheritdoc/>
    public void WriteBody(MsgPackWriter writer)
    {
        new UserMessageHeader(Data.Length).WriteBody(writer);
        writer.WriteVerbatim(Data);
    }
}

/// <summary>A full push-pull message: header, every node state, then the application's state bytes.</summary>
public sealed record PushPull(bool Join, IReadOnlyList<PushNodeState> Nodes, byte[] UserState) : IGossipMessage
{
    /// <inheritdoc/>
    public MessageType Type => MessageType.PushPull;

    /// <inheritdoc/>
    public void WriteBody(MsgPackWriter writer)
    {
        new PushPullHeader(Nodes.Count, UserState.Length, Join).WriteBody(writer);
        foreach (var n in Nodes) n.Write(writer);
        writer.WriteVerbatim(UserState);
    }

    /// <summary>Bytes <see cref="MessageCodec.Encode(IGossipMessage)"/> produces (type byte included), computed without encoding.</summary>
    public int EncodedLength
    {
        get
        {
            int total = 1 + new PushPullHeader(Nodes.Count, UserState.Length, Join).EncodedLength + UserState.Length;
            foreach (var n in Nodes) total += n.EncodedLength;
            return total;
        }
    }

    internal static PushPull Read(ref MsgPackReader r, ReadOnlySpan<byte> body)
    {
        var header = PushPullHeader.Read(ref r);
        if (header.Nodes > r.Remaining) throw new MsgPackException($"Push-pull announces {header.Nodes} nodes in {r.Remaining} bytes.");
        var nodes = new List<PushNodeState>(header.Nodes);
        for (int i = 0; i < header.Nodes; i++) nodes.Add(PushNodeState.Read(ref r));
        if (header.UserStateLen > r.Remaining) throw new MsgPackException($"Push-pull announces {header.UserStateLen} bytes of user state but {r.Remaining} remain.");
        var user = body.Slice(r.Position, header.UserStateLen).ToArray();
        return new PushPull(header.Join, nodes, user);
    }
}
