namespace MeshAgent.Netlink;

/// <summary>Message types every netlink protocol shares (include/uapi/linux/netlink.h).</summary>
public static class NetlinkMessageType
{
    /// <summary>NLMSG_NOOP: ignored.</summary>
    public const ushort Noop = 1;

    /// <summary>NLMSG_ERROR: an error or, with error 0, an acknowledgement.</summary>
    public const ushort Error = 2;

    /// <summary>NLMSG_DONE: ends a multi-part (dump) reply.</summary>
    public const ushort Done = 3;

    /// <summary>NLMSG_OVERRUN: data lost.</summary>
    public const ushort Overrun = 4;

    /// <summary>Types below this value are control messages, not protocol payloads.</summary>
    public const ushort MinimumPayloadType = 16;
}

/// <summary>nlmsghdr flags. Several values are reused with a different meaning per request kind.</summary>
public static class NetlinkMessageFlags
{
    /// <summary>NLM_F_REQUEST: a request to the kernel.</summary>
    public const ushort Request = 0x1;

    /// <summary>NLM_F_MULTI: part of a multi-part reply, ended by NLMSG_DONE.</summary>
    public const ushort Multi = 0x2;

    /// <summary>NLM_F_ACK: reply with an acknowledgement (NLMSG_ERROR with error 0).</summary>
    public const ushort Ack = 0x4;

    /// <summary>NLM_F_DUMP_INTR: the dump changed while it was read; the result may be inconsistent.</summary>
    public const ushort DumpInterrupted = 0x10;

    /// <summary>NLM_F_ROOT | NLM_F_MATCH: a dump request (GET).</summary>
    public const ushort Dump = 0x300;

    /// <summary>NLM_F_REPLACE (NEW): replace an existing object.</summary>
    public const ushort Replace = 0x100;

    /// <summary>NLM_F_EXCL (NEW): fail if the object exists.</summary>
    public const ushort Exclusive = 0x200;

    /// <summary>NLM_F_CREATE (NEW): create if it does not exist.</summary>
    public const ushort Create = 0x400;

    /// <summary>NLM_F_CAPPED (NLMSG_ERROR): only the request's header is echoed.</summary>
    public const ushort Capped = 0x100;

    /// <summary>NLM_F_ACK_TLVS (NLMSG_ERROR): extended-ack attributes follow.</summary>
    public const ushort AckTlvs = 0x200;
}
