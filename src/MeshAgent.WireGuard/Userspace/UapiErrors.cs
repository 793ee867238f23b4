using System.Runtime.InteropServices;

namespace MeshAgent.WireGuard.Userspace;

/// <summary>Turns a UAPI <c>errno=N</c> (negative errno) into a typed exception, once.</summary>
internal static class UapiErrors
{
    /// <summary>The exception for a non-zero UAPI errno from <paramref name="operation"/> on <paramref name="device"/>.</summary>
    public static WireGuardException FromErrno(string operation, string device, int errno)
    {
        var positive = Math.Abs(errno);
        return new WireGuardException(
            $"UAPI {operation} on {device} failed: {Marshal.GetPInvokeErrorMessage(positive)} (errno {positive})", positive);
    }
}
