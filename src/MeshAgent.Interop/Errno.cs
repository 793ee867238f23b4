namespace MeshAgent.Interop;

/// <summary>
/// Linux errno values (x86-64 and arm64 share them) that our socket and netlink code meets. The numeric
/// value is the kernel's; netlink replies carry it negated in <c>nlmsgerr.error</c>.
/// </summary>
public enum Errno
{
    /// <summary>No error.</summary>
    None = 0,

    /// <summary>Operation not permitted.</summary>
    EPERM = 1,

    /// <summary>No such file or directory (netlink: no such object, e.g. route, family).</summary>
    ENOENT = 2,

    /// <summary>No such process.</summary>
    ESRCH = 3,

    /// <summary>Interrupted system call.</summary>
    EINTR = 4,

    /// <summary>I/O error.</summary>
    EIO = 5,

    /// <summary>No such device or address.</summary>
    ENXIO = 6,

    /// <summary>Argument list too long.</summary>
    E2BIG = 7,

    /// <summary>Bad file descriptor.</summary>
    EBADF = 9,

    /// <summary>Try again (would block).</summary>
    EAGAIN = 11,

    /// <summary>Out of memory.</summary>
    ENOMEM = 12,

    /// <summary>Permission denied.</summary>
    EACCES = 13,

    /// <summary>Bad address.</summary>
    EFAULT = 14,

    /// <summary>Device or resource busy.</summary>
    EBUSY = 16,

    /// <summary>Object exists.</summary>
    EEXIST = 17,

    /// <summary>No such device (netlink: no such link).</summary>
    ENODEV = 19,

    /// <summary>Invalid argument.</summary>
    EINVAL = 22,

    /// <summary>Too many open files.</summary>
    EMFILE = 24,

    /// <summary>No space left on device.</summary>
    ENOSPC = 28,

    /// <summary>Result out of range.</summary>
    ERANGE = 34,

    /// <summary>Function not implemented.</summary>
    ENOSYS = 38,

    /// <summary>Not a socket.</summary>
    ENOTSOCK = 88,

    /// <summary>Message too long.</summary>
    EMSGSIZE = 90,

    /// <summary>Protocol not available (e.g. an unknown socket option).</summary>
    ENOPROTOOPT = 92,

    /// <summary>Protocol not supported (e.g. a netlink protocol the kernel lacks).</summary>
    EPROTONOSUPPORT = 93,

    /// <summary>Operation not supported (ENOTSUP has the same value on Linux).</summary>
    EOPNOTSUPP = 95,

    /// <summary>Address family not supported.</summary>
    EAFNOSUPPORT = 97,

    /// <summary>Address already in use.</summary>
    EADDRINUSE = 98,

    /// <summary>Cannot assign requested address.</summary>
    EADDRNOTAVAIL = 99,

    /// <summary>Network is down.</summary>
    ENETDOWN = 100,

    /// <summary>Network is unreachable.</summary>
    ENETUNREACH = 101,

    /// <summary>No buffer space available (netlink: receive queue overrun, events lost).</summary>
    ENOBUFS = 105,

    /// <summary>Connection timed out.</summary>
    ETIMEDOUT = 110,

    /// <summary>Connection refused.</summary>
    ECONNREFUSED = 111,

    /// <summary>Operation already in progress.</summary>
    EALREADY = 114,

    /// <summary>Operation canceled.</summary>
    ECANCELED = 125,
}
