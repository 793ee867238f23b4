namespace MeshAgent.Gossip.Wire;

/// <summary>The first byte of every memberlist message (memberlist net.go); values are the wire protocol.</summary>
public enum MessageType : byte
{
    /// <summary>Direct probe; answered with <see cref="Ack"/>.</summary>
    Ping = 0,
    /// <summary>Asks a member to probe a target on our behalf.</summary>
    IndirectPing = 1,
    /// <summary>Answer to a ping.</summary>
    Ack = 2,
    /// <summary>A member suspects another.</summary>
    Suspect = 3,
    /// <summary>A member is alive (also carries its address and metadata).</summary>
    Alive = 4,
    /// <summary>A member is dead, or left when the sender is the member itself.</summary>
    Dead = 5,
    /// <summary>Full-state exchange over a stream.</summary>
    PushPull = 6,
    /// <summary>Several messages in one packet.</summary>
    Compound = 7,
    /// <summary>Application payload, opaque to membership.</summary>
    User = 8,
    /// <summary>LZW-compressed inner message.</summary>
    Compress = 9,
    /// <summary>AES-GCM encrypted stream payload.</summary>
    Encrypt = 10,
    /// <summary>Negative answer to an indirect ping.</summary>
    Nack = 11,
    /// <summary>CRC32 (IEEE) framed packet.</summary>
    HasCrc = 12,
    /// <summary>Error reply on a stream.</summary>
    Err = 13,
    /// <summary>Packet or stream prefixed with a cluster label (memberlist ≥ 0.3; Serf 0.9.4 has none).</summary>
    HasLabel = 244,
}
