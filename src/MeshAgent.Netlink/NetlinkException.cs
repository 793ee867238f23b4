using MeshAgent.Interop;

namespace MeshAgent.Netlink;

/// <summary>
/// A netlink operation failed: the kernel's errno plus, when the kernel sent one, its extended-ack text
/// (e.g. "Unknown device type"). Translated once where the reply is read; the cause stays inspectable.
/// </summary>
public sealed class NetlinkException : Exception
{
    /// <summary>Creates the exception for <paramref name="operation"/> (e.g. "RTM_NEWLINK wg0").</summary>
    public NetlinkException(string operation, Errno errno, string? extendedAck = null, Exception? innerException = null)
        : base(FormatMessage(operation, errno, extendedAck), innerException)
    {
        Operation = operation;
        Errno = errno;
        ExtendedAck = extendedAck;
    }

    /// <summary>Creates the exception.</summary>
    public NetlinkException()
        : this("netlink", Errno.None)
    {
    }

    /// <summary>Creates the exception.</summary>
    public NetlinkException(string message)
        : this(message, Errno.None)
    {
    }

    /// <summary>Creates the exception.</summary>
    public NetlinkException(string message, Exception innerException)
        : this(message, Errno.None, null, innerException)
    {
    }

    /// <summary>What was attempted, e.g. "RTM_NEWLINK wg0" or "WG_CMD_GET_DEVICE wg0".</summary>
    public string Operation { get; }

    /// <summary>The positive errno.</summary>
    public Errno Errno { get; }

    /// <summary>The kernel's extended-ack message (NLMSGERR_ATTR_MSG), or null when it sent none.</summary>
    public string? ExtendedAck { get; }

    /// <summary>True for "no such device/object" (ENODEV, ENOENT): the caller may create it.</summary>
    public bool IsNotFound => Errno is Errno.ENODEV or Errno.ENOENT;

    private static string FormatMessage(string operation, Errno errno, string? extendedAck) =>
        extendedAck is null
            ? $"{operation}: {errno} ({(int)errno})"
            : $"{operation}: {errno} ({(int)errno}): {extendedAck}";
}
