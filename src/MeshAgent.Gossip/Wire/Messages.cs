using MeshAgent.Gossip.Codec;

namespace MeshAgent.Gossip.Wire;

/// <summary>A memberlist message whose body is one MessagePack map.</summary>
public interface IGossipMessage
{
    /// <summary>The message type byte written before the body.</summary>
    MessageType Type { get; }

    /// <summary>Writes the body (without the type byte). Keys are written sorted, as go-msgpack 0.5.5 does.</summary>
    void WriteBody(MsgPackWriter writer);
}

/// <summary>Direct probe. <see cref="Node"/> names the intended target so a recycled address is not mistaken.</summary>
public sealed record Ping(uint SeqNo, string Node, byte[]? SourceAddr = null, ushort SourcePort = 0, string? SourceNode = null) : IGossipMessage
{
    /// <inheritdoc/>
    public MessageType Type => MessageType.Ping;

    /// <inheritdoc/>
    public void WriteBody(MsgPackWriter writer)
    {
        bool src = SourceAddr is { Length: > 0 };
        writer.WriteMapHeader(2 + (src ? 1 : 0) + (SourceNode is { Length: > 0 } ? 1 : 0) + (SourcePort != 0 ? 1 : 0));
        writer.WriteString("Node"); writer.WriteString(Node);
        writer.WriteString("SeqNo"); writer.WriteUInt(SeqNo);
        if (src) { writer.WriteString("SourceAddr"); writer.WriteBytes(SourceAddr); }
        if (SourceNode is { Length: > 0 }) { writer.WriteString("SourceNode"); writer.WriteString(SourceNode); }
        if (SourcePort != 0) { writer.WriteString("SourcePort"); writer.WriteUInt(SourcePort); }
    }

    internal static Ping Read(ref MsgPackReader r)
    {
        uint seq = 0; string node = ""; byte[]? addr = null; ushort port = 0; string? srcNode = null;
        for (int n = r.ReadMapHeader(); n > 0; n--)
        {
            switch (r.ReadString())
            {
                case "SeqNo": seq = r.ReadUInt32Value(); break;
                case "Node": node = r.ReadString(); break;
                case "SourceAddr": addr = r.ReadBytes(); break;
                case "SourcePort": port = r.ReadUInt16Value(); break;
                case "SourceNode": srcNode = r.ReadString(); break;
                default: r.Skip(); break;
            }
        }
        return new Ping(seq, node, addr, port, srcNode);
    }
}

/// <summary>Asks the receiver to probe <see cref="Target"/>:<see cref="Port"/> and forward the ack (or a nack).</summary>
public sealed record IndirectPing(uint SeqNo, byte[] Target, ushort Port, string Node, bool Nack,
    byte[]? SourceAddr = null, ushort SourcePort = 0, string? SourceNode = null) : IGossipMessage
{
    /// <inheritdoc/>
    public MessageType Type => MessageType.IndirectPing;

    /// <inheritdoc/>
    public void WriteBody(MsgPackWriter writer)
    {
        bool src = SourceAddr is { Length: > 0 };
        writer.WriteMapHeader(5 + (src ? 1 : 0) + (SourceNode is { Length: > 0 } ? 1 : 0) + (SourcePort != 0 ? 1 : 0));
        writer.WriteString("Nack"); writer.WriteBool(Nack);
        writer.WriteString("Node"); writer.WriteString(Node);
        writer.WriteString("Port"); writer.WriteUInt(Port);
        writer.WriteString("SeqNo"); writer.WriteUInt(SeqNo);
        if (src) { writer.WriteString("SourceAddr"); writer.WriteBytes(SourceAddr); }
        if (SourceNode is { Length: > 0 }) { writer.WriteString("SourceNode"); writer.WriteString(SourceNode); }
        if (SourcePort != 0) { writer.WriteString("SourcePort"); writer.WriteUInt(SourcePort); }
        writer.WriteString("Target"); writer.WriteBytes(Target);
    }

    internal static IndirectPing Read(ref MsgPackReader r)
    {
        uint seq = 0; byte[] target = []; ushort port = 0; string node = ""; bool nack = false;
        byte[]? addr = null; ushort sport = 0; string? srcNode = null;
        for (int n = r.ReadMapHeader(); n > 0; n--)
        {
            switch (r.ReadString())
            {
                case "SeqNo": seq = r.ReadUInt32Value(); break;
                case "Target": target = r.ReadBytes(); break;
                case "Port": port = r.ReadUInt16Value(); break;
                case "Node": node = r.ReadString(); break;
                case "Nack": nack = r.ReadBool(); break;
                case "SourceAddr": addr = r.ReadBytes(); break;
                case "SourcePort": sport = r.ReadUInt16Value(); break;
                case "SourceNode": srcNode = r.ReadString(); break;
                default: r.Skip(); break;
            }
        }
        return new IndirectPing(seq, target, port, node, nack, addr, sport, srcNode);
    }
}

/// <summary>Answer to a ping; <see cref="Payload"/> is opaque (Serf puts its network coordinate there).</summary>
public sealed record Ack(uint SeqNo, byte[]? Payload = null) : IGossipMessage
{
    /// <inheritdoc/>
    public MessageType Type => MessageType.Ack;

    /// <inheritdoc/>
    public void WriteBody(MsgPackWriter writer)
    {
        writer.WriteMapHeader(2);
        writer.WriteString("Payload");
        if (Payload is null) writer.WriteNil(); else writer.WriteBytes(Payload);
        writer.WriteString("SeqNo"); writer.WriteUInt(SeqNo);
    }

    internal static Ack Read(ref MsgPackReader r)
    {
        uint seq = 0; byte[]? payload = null;
        for (int n = r.ReadMapHeader(); n > 0; n--)
        {
            switch (r.ReadString())
            {
                case "SeqNo": seq = r.ReadUInt32Value(); break;
                case "Payload": payload = r.IsNil ? SkipNil(ref r) : r.ReadBytes(); break;
                default: r.Skip(); break;
            }
        }
        return new Ack(seq, payload);
    }

    private static byte[]? SkipNil(ref MsgPackReader r) { r.Skip(); return null; }
}

/// <summary>An indirect prober could not reach the target in time.</summary>
public sealed record Nack(uint SeqNo) : IGossipMessage
{
    /// <inheritdoc/>
    public MessageType Type => MessageType.Nack;

    /// <inheritdoc/>
    public void WriteBody(MsgPackWriter writer)
    {
        writer.WriteMapHeader(1);
        writer.WriteString("SeqNo"); writer.WriteUInt(SeqNo);
    }

    internal static Nack Read(ref MsgPackReader r)
    {
        uint seq = 0;
        for (int n = r.ReadMapHeader(); n > 0; n--)
        {
            if (r.ReadString() == "SeqNo") seq = r.ReadUInt32Value(); else r.Skip();
        }
        return new Nack(seq);
    }
}

/// <summary>Error reply on a stream.</summary>
public sealed record ErrorResponse(string Error) : IGossipMessage
{
    /// <inheritdoc/>
    public MessageType Type => MessageType.Err;

    /// <inheritdoc/>
    public void WriteBody(MsgPackWriter writer)
    {
        writer.WriteMapHeader(1);
        writer.WriteString("Error"); writer.WriteString(Error);
    }

    internal static ErrorResponse Read(ref MsgPackReader r)
    {
        string error = "";
        for (int n = r.ReadMapHeader(); n > 0; n--)
        {
            if (r.ReadString() == "Error") error = r.ReadString(); else r.Skip();
        }
        return new ErrorResponse(error);
    }
}

/// <summary><see cref="From"/> suspects <see cref="Node"/> at <see cref="Incarnation"/>.</summary>
public sealed record Suspect(uint Incarnation, string Node, string From) : IGossipMessage
{
    /// <inheritdoc/>
    public MessageType Type => MessageType.Suspect;

    /// <inheritdoc/>
    public void WriteBody(MsgPackWriter writer) => WriteIncarnationNodeFrom(writer, From, Incarnation, Node);

    internal static Suspect Read(ref MsgPackReader r)
    {
        var (inc, node, from) = ReadIncarnationNodeFrom(ref r);
        return new Suspect(inc, node, from);
    }

    internal static void WriteIncarnationNodeFrom(MsgPackWriter writer, string from, uint incarnation, string node)
    {
        writer.WriteMapHeader(3);
        writer.WriteString("From"); writer.WriteString(from);
        writer.WriteString("Incarnation"); writer.WriteUInt(incarnation);
        writer.WriteString("Node"); writer.WriteString(node);
    }

    internal static (uint Incarnation, string Node, string From) ReadIncarnationNodeFrom(ref MsgPackReader r)
    {
        uint inc = 0; string node = "", from = "";
        for (int n = r.ReadMapHeader(); n > 0; n--)
        {
            switch (r.ReadString())
            {
                case "Incarnation": inc = r.ReadUInt32Value(); break;
                case "Node": node = r.ReadString(); break;
                case "From": from = r.ReadString(); break;
                default: r.Skip(); break;
            }
        }
        return (inc, node, from);
    }
}

/// <summary><see cref="From"/> declares <see cref="Node"/> dead; when From equals Node the member left on purpose.</summary>
public sealed record Dead(uint Incarnation, string Node, string From) : IGossipMessage
{
    /// <inheritdoc/>
    public MessageType Type => MessageType.Dead;

    /// <inheritdoc/>
    public void WriteBody(MsgPackWriter writer) => Suspect.WriteIncarnationNodeFrom(writer, From, Incarnation, Node);

    internal static Dead Read(ref MsgPackReader r)
    {
        var (inc, node, from) = Suspect.ReadIncarnationNodeFrom(ref r);
        return new Dead(inc, node, from);
    }
}

/// <summary>
/// <see cref="Node"/> is alive at <see cref="Incarnation"/>, reachable at <see cref="Addr"/>:<see cref="Port"/>,
/// with <see cref="Meta"/> (≤ 512 bytes) and versions <see cref="Vsn"/> = [pMin, pMax, pCur, dMin, dMax, dCur].
/// </summary>
public sealed record Alive(uint Incarnation, string Node, byte[] Addr, ushort Port, byte[] Meta, byte[] Vsn) : IGossipMessage
{
    /// <inheritdoc/>
    public MessageType Type => MessageType.Alive;

    /// <inheritdoc/>
    public void WriteBody(MsgPackWriter writer)
    {
        writer.WriteMapHeader(6);
        writer.WriteString("Addr"); writer.WriteBytes(Addr);
        writer.WriteString("Incarnation"); writer.WriteUInt(Incarnation);
        writer.WriteString("Meta"); writer.WriteBytes(Meta);
        writer.WriteString("Node"); writer.WriteString(Node);
        writer.WriteString("Port"); writer.WriteUInt(Port);
        writer.WriteString("Vsn"); writer.WriteBytes(Vsn);
    }

    internal static Alive Read(ref MsgPackReader r)
    {
        uint inc = 0; string node = ""; byte[] addr = [], meta = [], vsn = []; ushort port = 0;
        for (int n = r.ReadMapHeader(); n > 0; n--)
        {
            switch (r.ReadString())
            {
                case "Incarnation": inc = r.ReadUInt32Value(); break;
                case "Node": node = r.ReadString(); break;
                case "Addr": addr = r.ReadBytes(); break;
                case "Port": port = r.ReadUInt16Value(); break;
                case "Meta": meta = r.ReadBytes(); break;
                case "Vsn": vsn = r.ReadByteList(); break;
                default: r.Skip(); break;
            }
        }
        return new Alive(inc, node, addr, port, meta, vsn);
    }

    /// <inheritdoc/>
    public bool Equals(Alive? other) =>
        other is not null && Incarnation == other.Incarnation && Node == other.Node && Port == other.Port
        && Addr.AsSpan().SequenceEqual(other.Addr) && Meta.AsSpan().SequenceEqual(other.Meta) && Vsn.AsSpan().SequenceEqual(other.Vsn);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Incarnation, Node, Port);
}

/// <summary>Header of a push-pull stream message: how many node states and how many user-state bytes follow.</summary>
public sealed record PushPullHeader(int Nodes, int UserStateLen, bool Join) : IGossipMessage
{
    /// <inheritdoc/>
    public MessageType Type => MessageType.PushPull;

    /// <inheritdoc/>
    public void WriteBody(MsgPackWriter writer)
    {
        writer.WriteMapHeader(3);
        writer.WriteString("Join"); writer.WriteBool(Join);
        writer.WriteString("Nodes"); writer.WriteInt(Nodes);
        writer.WriteString("UserStateLen"); writer.WriteInt(UserStateLen);
    }

    /// <summary>Bytes <see cref="WriteBody"/> produces.</summary>
    public int EncodedLength =>
        MsgPackWriter.MapHeaderSize(3) + MsgPackWriter.StringSize("Join") + 1 + MsgPackWriter.StringSize("Nodes") + MsgPackWriter.IntSize(Nodes)
        + MsgPackWriter.StringSize("UserStateLen") + MsgPackWriter.IntSize(UserStateLen);

    internal static PushPullHeader Read(ref MsgPackReader r)
    {
        int nodes = 0, userLen = 0; bool join = false;
        for (int n = r.ReadMapHeader(); n > 0; n--)
        {
            switch (r.ReadString())
            {
                case "Nodes": nodes = r.ReadNonNegativeInt32(); break;
                case "UserStateLen": userLen = r.ReadNonNegativeInt32(); break;
                case "Join": join = r.ReadBool(); break;
                default: r.Skip(); break;
            }
        }
        return new PushPullHeader(nodes, userLen, join);
    }
}

/// <summary>One member's state inside a push-pull message.</summary>
public sealed record PushNodeState(string Name, byte[] Addr, ushort Port, byte[] Meta, uint Incarnation, NodeState State, byte[] Vsn)
{
    /// <summary>Writes the state as a MessagePack map.</summary>
    public void Write(MsgPackWriter writer)
    {
        writer.WriteMapHeader(7);
        writer.WriteString("Addr"); writer.WriteBytes(Addr);
        writer.WriteString("Incarnation"); writer.WriteUInt(Incarnation);
        writer.WriteString("Meta"); writer.WriteBytes(Meta);
        writer.WriteString("Name"); writer.WriteString(Name);
        writer.WriteString("Port"); writer.WriteUInt(Port);
        writer.WriteString("State"); writer.WriteInt((int)State);
        writer.WriteString("Vsn"); writer.WriteBytes(Vsn);
    }

    /// <summary>Bytes <see cref="Write"/> produces (for accounting without encoding).</summary>
    public int EncodedLength =>
        MsgPackWriter.MapHeaderSize(7)
        + KeysSize
        + MsgPackWriter.RawSize(Addr.Length) + MsgPackWriter.UIntSize(Incarnation) + MsgPackWriter.RawSize(Meta.Length)
        + MsgPackWriter.StringSize(Name) + MsgPackWriter.UIntSize(Port) + MsgPackWriter.IntSize((int)State) + MsgPackWriter.RawSize(Vsn.Length);

    private static readonly int KeysSize =
        new[] { "Addr", "Incarnation", "Meta", "Name", "Port", "State", "Vsn" }.Sum(MsgPackWriter.StringSize);

    internal static PushNodeState Read(ref MsgPackReader r)
    {
        string name = ""; byte[] addr = [], meta = [], vsn = []; ushort port = 0; uint inc = 0; long state = 0;
        for (int n = r.ReadMapHeader(); n > 0; n--)
        {
            switch (r.ReadString())
            {
                case "Name": name = r.ReadString(); break;
                case "Addr": addr = r.ReadBytes(); break;
                case "Port": port = r.ReadUInt16Value(); break;
                case "Meta": meta = r.ReadBytes(); break;
                case "Incarnation": inc = r.ReadUInt32Value(); break;
                case "State": state = r.ReadInt64(); break;
                case "Vsn": vsn = r.ReadByteList(); break;
                default: r.Skip(); break;
            }
        }
        if (state is < 0 or > 3) throw new MsgPackException($"Unknown node state {state}.");
        return new PushNodeState(name, addr, port, meta, inc, (NodeState)state, vsn);
    }
}

/// <summary>Header of a user message sent over a stream; the payload bytes follow it verbatim.</summary>
public sealed record UserMessageHeader(int UserMsgLen) : IGossipMessage
{
    /// <inheritdoc/>
    public MessageType Type => MessageType.User;

    /// <inheritdoc/>
    public void WriteBody(MsgPackWriter writer)
    {
        writer.WriteMapHeader(1);
        writer.WriteString("UserMsgLen"); writer.WriteInt(UserMsgLen);
    }

    internal static UserMessageHeader Read(ref MsgPackReader r)
    {
        int len = 0;
        for (int n = r.ReadMapHeader(); n > 0; n--)
        {
            if (r.ReadString() == "UserMsgLen") len = r.ReadNonNegativeInt32(); else r.Skip();
        }
        return new UserMessageHeader(len);
    }
}

/// <summary>Body of a compress message: <see cref="Algo"/> 0 is LZW (LSB, 8-bit literals).</summary>
public sealed record CompressedPayload(int Algo, byte[] Buf) : IGossipMessage
{
    /// <inheritdoc/>
    public MessageType Type => MessageType.Compress;

    /// <inheritdoc/>
    public void WriteBody(MsgPackWriter writer)
    {
        writer.WriteMapHeader(2);
        writer.WriteString("Algo"); writer.WriteInt(Algo);
        writer.WriteString("Buf"); writer.WriteBytes(Buf);
    }

    internal static CompressedPayload Read(ref MsgPackReader r)
    {
        long algo = 0; byte[] buf = [];
        for (int n = r.ReadMapHeader(); n > 0; n--)
        {
            switch (r.ReadString())
            {
                case "Algo": algo = r.ReadInt64(); break;
                case "Buf": buf = r.ReadBytes(); break;
                default: r.Skip(); break;
            }
        }
        return new CompressedPayload((int)Math.Clamp(algo, -1, int.MaxValue), buf);
    }
}
