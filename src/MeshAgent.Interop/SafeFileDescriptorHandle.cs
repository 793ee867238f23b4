using Microsoft.Win32.SafeHandles;

namespace MeshAgent.Interop;

/// <summary>
/// Owns a Linux file descriptor (e.g. a netlink socket) and closes it exactly once. Descriptor 0 is
/// valid, so only -1 means "none".
/// </summary>
internal sealed class SafeFileDescriptorHandle : SafeHandleMinusOneIsInvalid
{
    /// <summary>Creates an invalid handle; the marshaller fills it in from a native return value.</summary>
    public SafeFileDescriptorHandle()
        : base(ownsHandle: true)
    {
    }

    /// <inheritdoc />
    protected override bool ReleaseHandle() => Interop.Libc.Close((int)handle) == 0;
}
